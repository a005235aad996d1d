"""Bad source input: one clear zh-TW line with file, line and column, exit code 2."""

from click.testing import CliRunner

from docgen.cli import main


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def write(folder, text, encoding="utf-8"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "application.md").write_bytes(text.encode(encoding))
    return folder


def test_malformed_yaml_has_line_and_column(tmp_path):
    src = write(tmp_path / "a", "---\nform: summary_form\nagency: [未關閉\nhead: 王\n---\n## 專案簡介\n")
    code, out = run("check", str(src))
    assert code == 2
    # the fault is the bracket opened on line 3, not the line where the parser gave up
    assert "第3行第9欄" in out and "「[」沒有對應的「]」" in out
    assert "Traceback" not in out


def test_unknown_key_did_you_mean(tmp_path):
    src = write(tmp_path / "a", "---\nform: summary_form\nagnecy: 臺南市\n---\n## 專案簡介\n")
    code, out = run("check", str(src))
    assert code == 2
    assert "agnecy" in out and "agency" in out and "第3行第1欄" in out


def test_unknown_chinese_key_did_you_mean(tmp_path):
    src = write(tmp_path / "a", "---\nform: summary_form\n參獎名: 行動櫃檯\n---\n")
    code, out = run("check", str(src))
    assert code == 2 and "參獎名稱" in out


def test_big5_is_named(tmp_path):
    src = write(tmp_path / "a", "---\nform: summary_form\nagency: 臺南市政府\n---\n", encoding="cp950")
    code, out = run("check", str(src))
    assert code == 2 and "Big5" in out and "UTF-8" in out


def test_bad_value_type(tmp_path):
    src = write(tmp_path / "a", "---\nform: summary_form\nstaff: 很多\n---\n")
    code, out = run("check", str(src))
    assert code == 2 and "第3行" in out and "機關(構)員額應填數字（例如 120），您填的是「很多」" in out


def test_missing_picture(tmp_path):
    src = write(tmp_path / "a", "---\nform: summary_form\nteam_chart: chart.png\n---\n")
    code, out = run("check", str(src))
    assert code == 2 and "chart.png" in out and "找不到" in out


def test_picture_escaping_the_folder_is_refused(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    src = write(tmp_path / "a", "---\nform: summary_form\nteam_chart: ../secret.png\n---\n")
    code, out = run("check", str(src))
    assert code == 2 and "不在來源資料夾內" in out


def test_missing_folder(tmp_path):
    code, out = run("check", str(tmp_path / "nope"))
    assert code == 2 and "找不到" in out


def test_no_front_matter(tmp_path):
    src = write(tmp_path / "a", "## 專案簡介\n")
    code, out = run("check", str(src))
    assert code == 2 and "---" in out


def test_unknown_form(tmp_path):
    src = write(tmp_path / "a", "---\nform: summery_form\n---\n")
    code, out = run("check", str(src))
    assert code == 2 and "summery_form" in out


def test_english(tmp_path):
    src = write(tmp_path / "a", "---\nform: summary_form\nagnecy: x\n---\n")
    code, out = run("--lang", "en", "check", str(src))
    assert code == 2 and "unknown field" in out and "did you mean" in out


def test_init_then_check_lists_required_fields(tmp_path):
    code, out = run("init", str(tmp_path / "new"))
    assert code == 0 and (tmp_path / "new" / "application.md").is_file()
    code, out = run("check", str(tmp_path / "new"))
    assert code == 1 and "required-field" in out
    # init never overwrites
    code, out = run("init", str(tmp_path / "new"))
    assert code == 2 and "已存在" in out


def test_init_nomination_list(tmp_path):
    code, _ = run("init", "--form", "nomination_list", str(tmp_path / "n"))
    assert code == 0
    text = (tmp_path / "n" / "application.md").read_text(encoding="utf-8")
    assert "form: nomination_list" in text and "contact1:" in text and "## 執行期間" in text
