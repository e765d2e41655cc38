import anjian
import anjian.demo  # noqa: F401  (the demo generator is part of the package)


def test_version_is_the_cmake_project_version():
    assert anjian.__version__ == "0.1.0"


def test_error_is_a_value_error_and_the_base_of_every_anjian_error():
    assert issubclass(anjian.Error, ValueError)
    assert issubclass(anjian.PackError, anjian.Error)
    assert issubclass(anjian.InputError, anjian.Error)


def test_errors_from_cpp_arrive_as_anjian_error_with_their_message():
    try:
        anjian.Period.parse("2024-13")
    except anjian.Error as exc:
        assert "month must be 1..12, got 13" in str(exc)
    else:
        raise AssertionError("no error")
