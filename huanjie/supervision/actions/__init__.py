"""Writes to the leading group's records, through core.actions: each declares the capability it needs
(accounts/roles.py) and the division it acts in; the system (`SYSTEM`) passes. One module per kind of record."""

from __future__ import annotations

from huanjie.supervision.actions.group import (
    do_add_group_member,
    do_add_member_unit,
    do_appoint_contact_cadre,
    do_file_liaison_report,
    do_remove_group_member,
    do_station_liaison_officer,
)
from huanjie.supervision.actions.inspection import (
    do_answer_question,
    do_close_inspection_finding,
    do_form_team,
    do_record_inspection_finding,
    do_record_question,
    do_record_visit,
)
from huanjie.supervision.actions.petitions import (
    do_conclude_petition,
    do_decide_petition,
    do_link_petitioner,
    do_receive_petition,
    do_record_satisfaction,
)
from huanjie.supervision.actions.plans import (
    do_file_work_plan,
    do_report_deadline,
    do_review_work_plan,
    do_set_deadline,
    do_set_work_plan_due,
)
from huanjie.supervision.actions.publicity import (
    do_add_publicity_photo,
    do_record_publicity,
)
from huanjie.supervision.actions.training import (
    do_add_staff_member,
    do_import_attendance,
    do_mark_attendance,
    do_record_training,
)

__all__ = [
    "do_add_group_member",
    "do_add_member_unit",
    "do_add_publicity_photo",
    "do_add_staff_member",
    "do_answer_question",
    "do_appoint_contact_cadre",
    "do_close_inspection_finding",
    "do_conclude_petition",
    "do_decide_petition",
    "do_file_liaison_report",
    "do_file_work_plan",
    "do_form_team",
    "do_import_attendance",
    "do_link_petitioner",
    "do_mark_attendance",
    "do_receive_petition",
    "do_record_inspection_finding",
    "do_record_publicity",
    "do_record_question",
    "do_record_satisfaction",
    "do_record_training",
    "do_record_visit",
    "do_remove_group_member",
    "do_report_deadline",
    "do_review_work_plan",
    "do_set_deadline",
    "do_set_work_plan_due",
    "do_station_liaison_officer",
]
