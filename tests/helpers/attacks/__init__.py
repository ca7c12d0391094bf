"""Helpers of the attack suite (tests/attacks): ``tools`` runs commands as a user would and scans the
bytes left on disk for marker values, ``hostile`` writes hostile and odd files, ``keystore`` is the
file-backed key store of the commands run as subprocesses."""
