//! `pcc-spc chart`: a static, accessible SVG of one measure and area.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pcc-spc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("chart")
        .args(args)
        .output()
        .expect("run pcc-spc");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn writes_an_accessible_svg() {
    let (code, svg, err) = run(&[
        "--dataset",
        "www/data/llr.json",
        "--measure",
        "3.1",
        "--area",
        "E06000016",
        "--width",
        "640",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(svg.starts_with("<svg width=\"640\""), "{}", &svg[..80]);
    assert!(svg.contains("role=\"img\" aria-labelledby=\"pcc-spc-title pcc-spc-desc\""));
    assert!(svg.contains(
        "<title id=\"pcc-spc-title\">SPC chart: All crime excluding anti-social behaviour: Leicester, December 2019 to October 2022</title>"
    ));
    let desc = svg.split("<desc id=\"pcc-spc-desc\">").nth(1).unwrap();
    assert!(
        desc.starts_with("Stable.") || desc.contains("Last month (October 2022)"),
        "{desc}"
    );
    assert!(svg.lines().any(|l| l.trim() == "Data to October 2022"));
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn a_period_and_the_dark_theme() {
    let (code, svg, err) = run(&[
        "--dataset=www/data/llr.json",
        "--measure=3.1",
        "--area=E23000021",
        "--from=2021-01",
        "--to=2022-06",
        "--dark",
        "--width=480",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(svg.contains("fill=\"#141617\""), "dark background");
    let text_lines: Vec<&str> = svg.lines().map(str::trim).collect();
    assert!(text_lines.contains(&"2021"), "the period starts in 2021");
    assert!(
        !text_lines.contains(&"2019") && !text_lines.contains(&"2020"),
        "2019 and 2020 are outside the period"
    );
}

#[test]
fn bad_arguments_say_what_is_wrong() {
    let (code, _, err) = run(&["--dataset", "www/data/llr.json", "--measure", "3.1"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("chart needs --dataset, --measure and --area"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "--dataset",
        "www/data/llr.json",
        "--measure",
        "3.1",
        "--area",
        "E06000016",
        "--from",
        "2030-01",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--from January 2030 is outside the file's months"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "--dataset",
        "nowhere.json",
        "--measure",
        "3.1",
        "--area",
        "X",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read the --dataset file") && err.contains("nowhere.json"),
        "{err}"
    );
    // A file saved in Latin-1 (not UTF-8): the byte and its place, and the file named.
    let mut bytes = std::fs::read("www/data/llr.json").unwrap();
    let at = bytes.windows(9).position(|w| w == b"Leicester").unwrap();
    bytes[at + 4] = 0xE9; // "Leic\xE9ster"
    let path = std::env::temp_dir().join(format!("pcc-spc-latin1-{}.json", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let (code, _, err) = run(&[
        "--dataset",
        path.to_str().unwrap(),
        "--measure",
        "3.1",
        "--area",
        "E06000016",
    ]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!(
            "not UTF-8 text: byte 0xE9 at line 1 column {}",
            at + 5
        )) && err.contains("pcc-spc-latin1"),
        "{err}"
    );
    let (code, _, err) = run(&["--width", "12"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--width must be a number of CSS pixels from 120 to 10000"),
        "{err}"
    );
}
