"""A year's holiday arrangement in the two forms a user brings it: the State Council's notice (text)
and a calendar feed (.ics). 2027 is a year the shipped calendar does not know."""

from __future__ import annotations

# The notice as published: 春节 2027 from 除夕 (Friday 5 February) to 13 February off, Saturday
# 20 February a make-up working day.
NOTICE_2027 = ("国务院办公厅关于2027年部分节假日安排的通知\n"
               "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
               "二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月20日（周六）上班。")

# 2027 as a calendar feed (春节 off, its make-up Saturday, 元旦) with one event that is no holiday
# (a meeting with a time).
ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Holiday feed//CN
BEGIN:VEVENT
UID:2027-spring@example
DTSTART;VALUE=DATE:20270205
DTEND;VALUE=DATE:20270214
SUMMARY:春节 假期
END:VEVENT
BEGIN:VEVENT
UID:2027-spring-work@example
DTSTART;VALUE=DATE:20270220
DTEND;VALUE=DATE:20270221
SUMMARY:春节补班
END:VEVENT
BEGIN:VEVENT
UID:2027-newyear@example
DTSTART;VALUE=DATE:20270101
SUMMARY:元旦（休）
END:VEVENT
BEGIN:VEVENT
UID:meeting@example
DTSTART:20270301T100000
DTEND:20270301T110000
SUMMARY:不是假日的会议
END:VEVENT
END:VCALENDAR
"""
