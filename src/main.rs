//! The `pcc-spc` command line: `build` and `analyse`. See `pcc-spc help`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(pcc_spc::cli::run(&args));
}

// The command line is native only; this lets `cargo test --target wasm32-unknown-unknown`
// (the browser tests) build the crate's binary target too.
#[cfg(target_arch = "wasm32")]
fn main() {}
