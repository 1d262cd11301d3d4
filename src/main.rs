//! The `pcc-spc` command line: `build` and `analyse`.

fn main() {
    eprintln!("pcc-spc: no command yet");
    std::process::exit(2);
}
