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

/// Walks a command's arguments, reading `--flag value` and `--flag=value` alike.
pub(crate) struct Flags<'a, U> {
    args: &'a [String],
    next: usize,
    inline: Option<String>,
    flag: String,
    usage: U,
}

impl<'a, U: Fn(String) -> crate::Error> Flags<'a, U> {
    /// `usage` makes the error for a flag given without its value.
    pub(crate) fn new(args: &'a [String], usage: U) -> Self {
        Flags {
            args,
            next: 0,
            inline: None,
            flag: String::new(),
            usage,
        }
    }

    /// The next flag (the part before `=` of `--flag=value`), or `None` at the end.
    pub(crate) fn next_flag(&mut self) -> Option<String> {
        let arg = self.args.get(self.next)?;
        self.next += 1;
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        self.flag.clone_from(&flag);
        self.inline = inline;
        Some(flag)
    }

    /// The value of the current flag: after its `=`, or the next argument.
    pub(crate) fn value(&mut self) -> crate::Result<String> {
        if let Some(v) = self.inline.take() {
            return Ok(v);
        }
        let v = self.args.get(self.next).cloned();
        self.next += 1;
        v.ok_or_else(|| (self.usage)(format!("{} needs a value", self.flag)))
    }
}

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
