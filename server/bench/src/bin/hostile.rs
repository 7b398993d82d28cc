//! Writes the inputs that once took superlinear time into a folder, one file each, for
//! `run.sh` to time `zis-lint check` on: `hostile FOLDER`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(folder) = std::env::args().nth(1) else {
        eprintln!("usage: hostile FOLDER");
        return ExitCode::from(2);
    };
    for (index, (name, text)) in zis_bench::hostile_bundles().into_iter().enumerate() {
        let path = Path::new(&folder).join(format!("hostile-{index}.json"));
        if let Err(error) = std::fs::write(&path, text) {
            eprintln!("hostile: {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}\t{name}", path.display());
    }
    ExitCode::SUCCESS
}
