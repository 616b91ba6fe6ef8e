"""The simulate progress bar goes to stderr, so it shows while results go to a file or a pipe
(`chokepoint simulate --json > results.json`) and never mixes into them."""

from game.cli.simulate import _progress


def test_the_progress_bar_draws_on_stderr_not_on_stdout(monkeypatch, capsys):
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich draws as on a terminal
    monkeypatch.setenv("TTY_INTERACTIVE", "1")
    with _progress(5, True) as counter:
        counter(5)
    out, err = capsys.readouterr()
    assert out == ""
    assert "simulating" in err
