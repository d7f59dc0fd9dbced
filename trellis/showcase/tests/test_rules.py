from trellis.showcase import rules
from trellis.showcase.rules import PickedItem, SectionDefinition, StandardKsb, StandardTheme

THEME_3 = SectionDefinition(key="theme-3", title="Theme 3: Plan", ksb_codes=("K3", "S3"))
WORDS = "word " * 12


def secure(title="Lesson plan", codes=("K3",), mapped=None):
    return PickedItem(
        title=title,
        assessed=True,
        secure_codes=frozenset(codes),
        mapped_codes=frozenset(mapped or codes),
    )


def test_sections_are_themes_in_number_order_then_loose_ksbs_in_position_order():
    themes = [StandardTheme(2, "Communicate"), StandardTheme(1, "Advise")]
    ksbs = [
        StandardKsb("B2", 6, None, "Ethical"),
        StandardKsb("S1", 2, 1),
        StandardKsb("K1", 1, 1),
        StandardKsb("K2", 3, 2),
        StandardKsb("S2", 4, 2),
        StandardKsb("B1", 5, None, "Motivation and passion for learning"),
    ]
    sections = rules.section_definitions(themes, ksbs)
    assert [section.key for section in sections] == ["theme-1", "theme-2", "ksb-B1", "ksb-B2"]
    assert sections[0].ksb_codes == ("K1", "S1")
    assert sections[0].title == "Theme 1: Advise"
    assert sections[2].title == "B1: Motivation and passion for learning"
    assert sections[3].ksb_codes == ("B2",)


def test_a_standard_without_themes_has_a_section_per_ksb():
    ksbs = [StandardKsb("S1", 2, None, "Skill"), StandardKsb("K1", 1, None, "Knowledge")]
    sections = rules.section_definitions([], ksbs)
    assert [section.key for section in sections] == ["ksb-K1", "ksb-S1"]


def test_a_long_statement_is_cut_at_a_word_in_the_title():
    statement = "Understands " + "the ways learners learn " * 10
    (section,) = rules.section_definitions([], [StandardKsb("K1", 1, None, statement)])
    assert section.title.endswith("…")
    assert len(section.title) < 90
    assert not section.title[:-1].endswith(" ")


def test_a_section_with_secure_evidence_and_a_narrative_is_complete():
    assert rules.section_missing(THEME_3, WORDS, [secure()]) == []
    assert rules.section_status(THEME_3, WORDS, [secure()]) == rules.COMPLETE


def test_secure_for_any_one_of_the_sections_ksbs_is_enough():
    assert rules.section_missing(THEME_3, WORDS, [secure(codes=("S3",))]) == []


def test_nothing_written_or_picked_is_not_started():
    assert rules.section_status(THEME_3, "", []) == rules.NOT_STARTED
    assert rules.section_missing(THEME_3, "  ", []) == [
        "No evidence picked",
        "Narrative not written",
    ]


def test_a_narrative_without_evidence_is_missing_evidence():
    assert rules.section_status(THEME_3, WORDS, []) == rules.EVIDENCE_MISSING
    assert rules.section_missing(THEME_3, WORDS, []) == ["No evidence picked"]


def test_evidence_without_a_narrative_is_missing_the_narrative():
    assert rules.section_status(THEME_3, "", [secure()]) == rules.NARRATIVE_MISSING
    assert rules.section_missing(THEME_3, "", [secure()]) == ["Narrative not written"]


def test_the_narrative_may_have_the_limit_of_words_but_not_one_more():
    at_limit = "word " * rules.NARRATIVE_MAX_WORDS
    over = at_limit + "more"
    assert rules.section_missing(THEME_3, at_limit, [secure()]) == []
    assert rules.section_missing(THEME_3, over, [secure()]) == [
        f"Narrative is {rules.NARRATIVE_MAX_WORDS + 1} words: at most {rules.NARRATIVE_MAX_WORDS}"
    ]
    assert rules.section_status(THEME_3, over, [secure()]) == rules.NARRATIVE_TOO_LONG


def test_words_are_counted_across_lines_and_spaces():
    assert rules.word_count("One  two\nthree\n\n four ") == 4
    assert rules.word_count("") == 0


def test_evidence_secure_only_for_another_sections_ksb_does_not_count():
    item = secure(codes=("K4",), mapped=("K3", "K4"))
    assert rules.section_missing(THEME_3, WORDS, [item]) == [
        "No evidence picked",
        "Lesson plan is no longer secure for K3",
    ]
    assert rules.section_status(THEME_3, WORDS, [item]) == rules.NO_LONGER_SECURE


def test_a_picked_item_that_is_no_longer_assessed_is_named():
    reopened = PickedItem(
        title="Lesson plan",
        assessed=False,
        secure_codes=frozenset(),
        mapped_codes=frozenset({"K3", "S3"}),
    )
    other = secure(title="Observation")
    assert rules.section_missing(THEME_3, WORDS, [other, reopened]) == [
        "Lesson plan is no longer secure for K3 and S3"
    ]
    assert rules.section_status(THEME_3, WORDS, [other, reopened]) == rules.NO_LONGER_SECURE


def test_safe_file_names_keep_letters_digits_and_the_extension():
    assert rules.safe_file_name("../../etc/My plan (final).PDF") == "My-plan-final.pdf"
    assert rules.safe_file_name("C:\\Users\\x\\notes.docx") == "notes.docx"
    assert rules.safe_file_name("ünïcode only.txt") == "n-code-only.txt"
    assert rules.safe_file_name("....") == "file"
    assert len(rules.safe_file_name("a" * 300 + ".pdf")) == 80


def test_archive_names_are_unique_and_numbered_per_section():
    names = rules.archive_names(
        [("theme-1", "plan.pdf"), ("theme-1", "plan.pdf"), ("ksb-B1", "plan.pdf")]
    )
    assert names == [
        "files/theme-1-1-plan.pdf",
        "files/theme-1-2-plan.pdf",
        "files/ksb-B1-1-plan.pdf",
    ]
