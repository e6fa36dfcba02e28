"""`python -m macros check` run as users and CI run it: a subprocess, from the repo root."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

from conftest import REPO, valid_document, write


def check(*args: str, cwd=REPO) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "macros", "check", "--date", "2026-11-22", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, encoding="utf-8")


def base_args(base):
    return ["--base", str(base), "--referentiels", str(REPO / "referentiels"), "--config", str(REPO / "qualite.yml")]


def test_clean_base_exits_zero_with_a_summary(base):
    write(base, "a.md", valid_document())
    result = check(*base_args(base))
    assert result.returncode == 0, result.stderr
    assert "1 document contrôlé, 0 avec constats : 0 erreur, 0 avertissement" in result.stdout


def test_an_error_exits_one_and_text_is_grouped_by_file(base):
    write(base, "BAAS/a.md", valid_document(reference=None))
    write(base, "BAAS/b.md", valid_document("PROC-BAAS-002", type="Procédur"))  # `Procédure` is now read as procedure
    result = check(*base_args(base))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "BAAS/a.md"
    assert "REF-MANQUANTE" in lines[1] and "erreur" in lines[1]
    assert lines[3] == "BAAS/b.md  [PROC-BAAS-002]"
    assert "TYPE-INCONNU" in lines[4] and "ligne 4" in lines[4]
    assert lines[-1].endswith("1 erreur, 1 avertissement, 0 information")


def test_warnings_alone_exit_zero(base):
    write(base, "a.md", valid_document(type="inconnu"))
    assert check(*base_args(base)).returncode == 0


def test_json_contract(base):
    write(base, "Qualité/a.md", valid_document(date_creation="31/02/2021"))
    write(base, "b.md", "# Sans en-tête\n")
    result = check(*base_args(base), "--format", "json")
    data = json.loads(result.stdout)
    assert data["documents"] == [
        {
            "path": "Qualité/a.md",
            "reference": "PROC-BAAS-001",
            "title": "Accueil des usagers au BAAS",
            "type": "procedure",
        },
        {"path": "b.md", "reference": None, "title": "Sans en-tête", "type": None},
    ]
    first = data["findings"][0]
    assert set(first) == {"path", "reference", "code", "severity", "message", "line"}
    assert (first["path"], first["code"], first["severity"], first["line"]) == (
        "Qualité/a.md",
        "DATE-INVALIDE",
        "error",
        5,
    )
    # One finding for one cause (issue 12), an error, naming what the missing header lacks.
    (headerless,) = [f for f in data["findings"] if f["path"] == "b.md"]
    assert (headerless["code"], headerless["severity"]) == ("ENTETE-MANQUANTE", "error")
    assert "la référence" in headerless["message"] and "la date de création" in headerless["message"]


def test_junit_has_one_case_per_document_failed_when_it_holds_an_error(base):
    write(base, "ok.md", valid_document("PROC-A-001"))
    write(base, "warn.md", valid_document("PROC-A-002", type="inconnu"))
    write(base, "ko.md", valid_document(reference=None))
    result = check(*base_args(base), "--format", "junit")
    root = ET.fromstring(result.stdout)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert set(cases) == {"ok.md [PROC-A-001]", "warn.md [PROC-A-002]", "ko.md"}
    assert cases["ko.md"].find("failure") is not None
    assert "REF-MANQUANTE" in cases["ko.md"].find("failure").get("message")
    assert cases["warn.md [PROC-A-002]"].find("failure") is None
    assert root.get("failures") == "1"


def test_missing_base_folder_is_a_usage_error(tmp_path):
    result = check("--base", str(tmp_path / "absent"))
    assert result.returncode == 2
    assert "absent" in result.stderr


def test_wrong_configuration_is_a_usage_error_naming_the_file(base, tmp_path):
    write(base, "a.md", valid_document())
    config = write(tmp_path, "qualite.yml", "severites:\n  CODE-INVENTE: error\n")
    result = check("--base", str(base), "--config", str(config))
    assert result.returncode == 2
    assert "qualite.yml" in result.stderr and "CODE-INVENTE" in result.stderr


def test_bad_date_option_is_a_usage_error():
    result = subprocess.run(
        [sys.executable, "-m", "macros", "check", "--date", "31/02/2026"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "AAAA-MM-JJ" in result.stderr


def test_the_date_option_takes_both_forms_the_headers_take():
    by_form = [
        subprocess.run([sys.executable, "-m", "macros", "check", "--date", day, "--format", "json"], cwd=REPO,
                       capture_output=True, text=True).stdout
        for day in ("22/11/2026", "2026-11-22")
    ]  # fmt: skip
    assert by_form[0] == by_form[1] and by_form[0]


def test_example_base_is_checked_from_the_repo_root_with_defaults():
    result = check("--format", "json")
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert len(data["documents"]) >= 40
    assert {"REF-MANQUANTE", "DATE-MANQUANTE", "REF-DOUBLON", "YAML-INVALIDE"} <= {f["code"] for f in data["findings"]}


def test_usage_errors_are_in_french():
    for arguments, expected in (
        (["check", "--format", "xml"], "« xml » inconnu"),
        (["valider"], "il manque : reference, --par"),
        (["check", "--inconnue"], "arguments inconnus : --inconnue"),
    ):
        result = subprocess.run([sys.executable, "-m", "macros", *arguments], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 2 and expected in result.stderr, result.stderr
        assert "error:" not in result.stderr and "usage:" not in result.stderr


def test_the_site_builds_without_make_and_strict_refuses_errors(tmp_path):
    from site_builder import build_env, make_project
    from test_site_build import document

    project = make_project(tmp_path / "ok", {"a.md": document("PROC-BAAS-001")})
    result = subprocess.run([sys.executable, "-m", "macros", "build", "--strict"], cwd=project, env=build_env(),
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert (project / "site" / "documents" / "proc-baas-001.html").exists()
    broken = make_project(tmp_path / "ko", {"a.md": document(None)})
    result = subprocess.run([sys.executable, "-m", "macros", "build", "--strict"], cwd=broken, env=build_env(),
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 1 and "REF-MANQUANTE" in result.stderr
    assert "construction refusée (--strict)" in result.stderr  # MkDocs' English said in French
    assert "Aborted" not in result.stderr and "[macros]" not in result.stderr and "WARNING" not in result.stderr


def test_site_commands_outside_a_project_say_where_to_run_them(tmp_path):
    result = subprocess.run([sys.executable, "-m", "macros", "build"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 2 and "mkdocs.yml" in result.stderr


def test_the_command_line_says_what_the_site_says_of_a_header_that_lost_its_opening_line(base):
    write(base, "a.md", "Référence: PROC-COUR-001\nTitre: Courrier\n---\n\n# Courrier\n")
    write(base, "b.md", valid_document("PROC-BAAS-002").replace("\n---\n", "\n---\n---\nrevue: 12\n---\n", 1))
    result = check(*base_args(base))
    assert "il manque sans doute la ligne `---` d'ouverture" in result.stdout
    assert "ENTETE-DOUBLE" in result.stdout


def test_mkdocs_lines_are_said_in_french_or_left_out():
    from macros.site_commands import said

    assert said("INFO    -  [macros] - Macros arguments: {}") is None
    assert said("INFO    -  Documentation built in 2.15 seconds") == "INFO     -  site construit en 2.15 s"
    assert said("INFO    -  [14:02:11] Serving on http://127.0.0.1:8000/") == (
        "INFO     -  aperçu sur http://127.0.0.1:8000/ (Ctrl+C pour arrêter)"
    )
    assert said("WARNING -  a.md:1 REF-MANQUANTE Référence absente").startswith("ATTENTION -")
    assert said("Aborted with 3 warnings in strict mode!").startswith("construction refusée (--strict) : 3")
