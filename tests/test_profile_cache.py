"""The parsed-profile cache is keyed by content: same data as the YAML, never stale."""

import subprocess
import sys

from conftest import REPO


def load_in_fresh_process(cache, profile_path):
    code = ("import sys, docgen.profile as p; prof = p.load_profile(sys.argv[1]); "
            "print(prof.limit, prof.cutoff(107), prof.cutoff(115), 'yaml' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code, str(profile_path)], cwd=REPO, capture_output=True, text=True,
                       env={"XDG_CACHE_HOME": str(cache), "PATH": "/usr/bin:/bin"}, check=True)
    return r.stdout.split()


def test_cache_matches_yaml_and_follows_edits(tmp_path):
    profile = tmp_path / "city_form.yaml"
    profile.write_text((REPO / "validators" / "summary_form.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    first = load_in_fresh_process(tmp_path / "cache", profile)
    assert first == ["2000", "2015-01-01", "2023-01-01", "True"]  # parsed with PyYAML, then cached
    assert len(list((tmp_path / "cache" / "docgen").glob("profile-*.marshal"))) == 1
    second = load_in_fresh_process(tmp_path / "cache", profile)
    assert second == ["2000", "2015-01-01", "2023-01-01", "False"]  # from the cache, PyYAML not imported
    profile.write_text(profile.read_text(encoding="utf-8").replace("limit: 2000", "limit: 1500"), encoding="utf-8")
    assert load_in_fresh_process(tmp_path / "cache", profile)[0] == "1500"


def test_unwritable_cache_only_costs_speed(tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    assert load_in_fresh_process(blocked, REPO / "validators" / "summary_form.yaml")[0] == "2000"


def test_a_cache_entry_for_other_yaml_is_never_used(tmp_path):
    """Entries are named by a short checksum; a clash must still parse the real YAML."""
    profile = tmp_path / "city_form.yaml"
    text = (REPO / "validators" / "summary_form.yaml").read_text(encoding="utf-8")
    profile.write_text(text, encoding="utf-8")
    load_in_fresh_process(tmp_path / "cache", profile)
    (entry,) = (tmp_path / "cache" / "docgen").glob("profile-*.marshal")
    import marshal
    data = marshal.loads(entry.read_bytes())
    data["data"]["counting"]["limit"] = 7
    entry.write_bytes(marshal.dumps(data))
    assert load_in_fresh_process(tmp_path / "cache", profile)[0] == "7"  # the entry is trusted as is…
    data["yaml"] = text.replace("limit: 2000", "limit: 1999")  # …only for the YAML it was made from
    entry.write_bytes(marshal.dumps(data))
    assert load_in_fresh_process(tmp_path / "cache", profile) == ["2000", "2015-01-01", "2023-01-01", "True"]


def test_a_damaged_cache_entry_is_parsed_again(tmp_path):
    profile = tmp_path / "city_form.yaml"
    profile.write_text((REPO / "validators" / "summary_form.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    load_in_fresh_process(tmp_path / "cache", profile)
    (entry,) = (tmp_path / "cache" / "docgen").glob("profile-*.marshal")
    entry.write_bytes(entry.read_bytes()[:40])  # cut short, as by a full disk
    assert load_in_fresh_process(tmp_path / "cache", profile) == ["2000", "2015-01-01", "2023-01-01", "True"]
