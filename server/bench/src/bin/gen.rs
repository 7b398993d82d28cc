//! Writes a generated bundle to standard output:
//! `cargo run -p zis-bench --bin gen -- 10000 [--mistakes | --hints] > /tmp/bundle.json`.

use std::io::Write;
use std::process::ExitCode;

use zis_bench::{bundle, Variant};

fn main() -> ExitCode {
    let mut states = None;
    let mut variant = Variant::Clean;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--mistakes" => variant = Variant::Mistakes,
            "--hints" => variant = Variant::Hints,
            _ => match arg.replace('_', "").parse::<usize>() {
                Ok(count) if states.is_none() => states = Some(count),
                _ => return usage(&format!("unexpected argument `{arg}`")),
            },
        }
    }
    let Some(states) = states else {
        return usage("the number of flow states is missing");
    };
    let text = bundle(states, variant);
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gen: {error}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("gen: {problem}\nusage: gen STATES [--mistakes | --hints]");
    ExitCode::from(2)
}
