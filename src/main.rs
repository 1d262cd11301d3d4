//! The `pcc-spc` command line: `build` and `analyse`. See `pcc-spc help`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(pcc_spc::cli::run(&args));
}
