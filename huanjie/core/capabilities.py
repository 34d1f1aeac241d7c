"""What a role may be allowed to do: the one vocabulary of capabilities. Which role holds which is
accounts/roles.py (`CAPABILITIES`, the only place that reads a role; it re-exports this enum). The names live
here, in core, so that an app below accounts (units: importing divisions is an action that names its
capability) can name one without importing accounts, which imports it (an account's scope is a division)."""

from __future__ import annotations

from enum import StrEnum


class Capability(StrEnum):
    MANAGE_ACCOUNTS = "manage_accounts"
    VIEW_AUDIT = "view_audit"
    IMPORT_DIVISIONS = "import_divisions"
    EDIT_UNITS = "edit_units"
    VIEW_ID_NUMBERS = "view_id_numbers"
    MANAGE_ROUNDS = "manage_rounds"  # open a round, decide on election-day changes, run the review
    OVERRIDE_GUARDS = "override_guards"  # complete a stage against a statutory guard, with a justification
    SCHEDULE_ELECTIONS = "schedule_elections"  # set election days
    RECORD_FINDINGS = "record_findings"  # add findings by hand, close them with what was done
    SUPERVISE_COUNT = "supervise_count"  # release a ballot box held by the reconciliation checks
    VOID_ELECTIONS = "void_elections"  # declare an election void for misconduct (OL Art.17): the district
    # The leading group (supervision): its office is the district's.
    LEAD_GROUP = "lead_group"  # members, teams, work plan reviews, district-wide deadlines and training
    RECORD_LOCAL_WORK = "record_local_work"  # publicity, staff, deadline reports of one's own divisions
    INSPECT = "inspect"  # visit units with an inspection team and record what was seen
    SEE_PETITIONS = "see_petitions"  # never clerks: a petition often concerns their own committee
    HANDLE_PETITIONS = "handle_petitions"  # register petitions, decide on them, conclude them
    SET_DEADLINES = (
        "set_deadlines"  # the district sets district-wide dates; a street officer its own street's
    )
    ORGANISE_TRAINING = "organise_training"  # a street's training for its own cadres
    FILE_WORK_PLANS = (
        "file_work_plans"  # a street's work plan, filed by its officer for the district's review
    )
    ASSIGN_CONTACT_CADRES = "assign_contact_cadres"  # a street's cadre responsible for each of its units
    FILE_LIAISON_REPORTS = (
        "file_liaison_reports"  # a liaison officer reports on the street they are stationed with
    )
