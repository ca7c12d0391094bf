; CRMDesk 客户服务台 — Inno Setup script: a per-user Windows installer for the PyInstaller bundle.
;
; BUILD THE SETUP FILE (on a Windows 10/11 PC, x64)
;   1. Install Python 3.11 or newer (python.org, tick "Add python.exe to PATH"), Git and
;      Inno Setup 6.3 or newer (jrsoftware.org, the standard installer).
;   2. In a fresh clone:   py -m pip install -e ".[build]"
;   3. Build, smoke-test and package in one go:   py installer\build.py --clean --setup
;      -> installer\dist\CRMDesk\                     the one-folder bundle (smoke-tested)
;         installer\dist\CRMDesk-<version>-setup.exe  the setup file to hand out
;   Or compile this script by hand once the bundle is built:
;      "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" installer\crmdesk.iss
;   The version is the package's (crmdesk.__version__): build.py passes it as /DAppVersion,
;   otherwise it is read from the version resource the spec writes into crmdesk-gui.exe.
;   Chinese wizard texts: Inno Setup 6 ships ChineseSimplified.isl only as an unofficial
;   translation (jrsoftware.org/files/istrans/). Put it into Inno Setup's Languages folder or
;   next to this script; without it the wizard is in English and the compiler warns.
;   PDFs: the bundle ships WenQuanYi Micro Hei when the build finds it (on Windows copy
;   wqy-microhei.ttc into installer\fonts\ first); without it the PDFs use Microsoft YaHei.
;
; WHAT IT INSTALLS WHERE (no administrator rights, for the current user only)
;   Program files   %LOCALAPPDATA%\Programs\CRMDesk\  crmdesk-gui.exe (the app), crmdesk.exe
;                   (the command line for scripts and scheduled tasks), _internal\
;   Shortcuts       Start menu "CRMDesk 客户服务台"; on the desktop if ticked
;   Uninstaller     Settings > Apps, "CRMDesk 客户服务台"
;   The user's data is made by the app, not by setup, and is not in the program folder:
;                   %LOCALAPPDATA%\CRMDesk\  crmdesk.db, backups\, logs\, ui-state.ini
;                   the database key: Windows Credential Manager, entries "CRMDesk"
;
; UNINSTALL keeps the data folder. It asks whether to delete it too (the default answer is
; No); a silent uninstall (unins000.exe /SILENT) keeps it unless /DELETEDATA is given. The
; key in Credential Manager always stays (the recovery code is needed without it).
;
; PORTABLE MODE needs no setup: copy installer\dist\CRMDesk\ to a USB stick and create an
; empty portable.txt beside crmdesk-gui.exe; the data then lives in data\ beside it (or in
; the folder named on the file's first line, e.g. ..\CRMDesk-data). A runtime hook of the
; bundle (installer\hooks\rthook_portable.py) does this; this setup never installs the marker.

#define AppName "CRMDesk"
#define AppTitle "CRMDesk 客户服务台"
#define GuiExe "crmdesk-gui.exe"
#define Bundle "dist\CRMDesk"

#define GuiExePath AddBackslash(SourcePath) + Bundle + "\" + GuiExe
#if !FileExists(GuiExePath)
  #error Build the bundle first: py installer\build.py
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(GuiExePath, "ProductVersion")
#endif

#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define ChineseMessages "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
  #define ChineseMessages "compiler:Languages\Unofficial\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ChineseMessages "ChineseSimplified.isl"
#else
  #pragma warning "ChineseSimplified.isl not found: the setup wizard will be in English only"
#endif

[Setup]
; AppId identifies the app to upgrades and the uninstaller: never change it.
AppId={{7D85658F-BCE3-4154-AA02-B9632F2FF901}
AppName={#AppTitle}
AppVersion={#AppVersion}
AppVerName={#AppTitle} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppTitle}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\resources\icons\crmdesk.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppTitle}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; An open CRMDesk is closed (Restart Manager) before its files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
#ifdef ChineseMessages
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.DeleteDataQuestion=Also delete your CRMDesk data (database, backups, logs and settings)?%n%n%1%n%nChoose No to keep it (recommended): CRMDesk finds it again when installed again.
english.DeleteDataFailed=Some files in %1 could not be deleted (is CRMDesk still open?). Delete the folder by hand.
#ifdef ChineseMessages
chinesesimplified.DeleteDataQuestion=是否同时删除客户服务台的数据（数据库、备份、日志和设置）？%n%n%1%n%n选择“否”保留数据（推荐）：重新安装后可继续使用。
chinesesimplified.DeleteDataFailed=%1 中有文件无法删除（客户服务台是否仍在运行？），请手动删除该文件夹。
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the libraries as a whole: no file of the old version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The whole bundle, but never a portable marker or portable data left in the build folder.
Source: "{#Bundle}\*"; DestDir: "{app}"; Excludes: "\portable.txt,\data"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppTitle}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppTitle}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppTitle}}"; Flags: nowait postinstall skipifsilent

[Code]
{ The app's data folder: platformdirs' user_data_dir('CRMDesk', roaming=False), see crmdesk/core/store/paths.py. }
function DataFolder(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppName}');
end;

function DeleteDataAsked(): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), '/DELETEDATA') = 0 then
      Result := True;
  if (not Result) and (not UninstallSilent) then
    Result := MsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [DataFolder()]),
                     mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { Separate ifs: the question must only ever be asked once, after the program files are gone. }
  if CurUninstallStep <> usPostUninstall then
    Exit;
  if not DirExists(DataFolder()) then
    Exit;
  if DeleteDataAsked() then
    if not DelTree(DataFolder(), True, True, True) then
      SuppressibleMsgBox(FmtMessage(CustomMessage('DeleteDataFailed'), [DataFolder()]), mbError, MB_OK, IDOK);
end;
