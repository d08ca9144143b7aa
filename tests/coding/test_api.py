"""The package's public surface: everything in ``__all__`` exists and nothing private leaks."""

import coding


def test_all_names_exist_and_are_public():
    for name in coding.__all__:
        assert hasattr(coding, name), name
        assert not name.startswith("_")


def test_interface_the_runtime_uses_is_exported():
    expected = {
        "CodingError",
        "NotDecodableError",
        "MDSCode",
        "RepetitionCode",
        "EncodedMatrix",
        "CodedShard",
        "BlockPlan",
        "plan_blocks",
    }
    assert expected <= set(coding.__all__)


def test_every_error_is_a_coding_error_and_a_value_error():
    for error in (coding.NotDecodableError, coding.ConditioningError, coding.QuantizationError):
        assert issubclass(error, coding.CodingError)
    assert issubclass(coding.CodingError, ValueError)
