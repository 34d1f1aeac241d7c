from __future__ import annotations

from huanjie.rules.meetings import meeting_quorum, motion_passes


def test_it_needs_more_than_half_present_and_voting() -> None:
    assert meeting_quorum(300, 151).ok and not meeting_quorum(300, 150).ok
    assert motion_passes(151, 76).ok and not motion_passes(151, 75).ok
    assert "76" in motion_passes(151, 75).reasons[0].text_en
    assert meeting_quorum(300, 150).reasons[0].rule == "A3"
