//! The native command line. Each command is a function from arguments (and stdin/stdout) to an
//! exit code: 0 success, 2 bad input or usage (with a one-line message on stderr), never a panic.

mod analyse;
mod build;
mod chart;

use std::io::Write;

const USAGE: &str = "\
usage:
  pcc-spc analyse [--profile mdc|nhsr|powerbi|qicharts2] [--chart xmr|p|pp|u|up|c] < series.json
  pcc-spc analyse --dataset FILE --measure ID --area CODE [--profile ...]
  pcc-spc build ... (see pcc-spc build --help)
  pcc-spc chart --dataset FILE --measure ID --area CODE [--width PX] [--dark] ... > chart.svg";

/// Runs the command line with `args` (without the program name) and returns the exit code.
pub fn run(args: &[String]) -> i32 {
    let result = match args.first().map(String::as_str) {
        Some("analyse") | Some("analyze") => analyse::run(&args[1..]),
        Some("build") => build::run(&args[1..]),
        Some("chart") => chart::run(&args[1..]),
        Some("help") | Some("--help") | Some("-h") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(crate::Error::new(
            crate::ErrorKind::Usage,
            format!("unknown command \"{other}\"\n{USAGE}"),
            crate::Location::default(),
        )),
        None => Err(crate::Error::new(
            crate::ErrorKind::Usage,
            format!("no command given\n{USAGE}"),
            crate::Location::default(),
        )),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "pcc-spc: {e}");
            2
        }
    }
}
