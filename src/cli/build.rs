//! `pcc-spc build`.

use crate::{Error, ErrorKind, Location, Result};

/// Runs `pcc-spc build` with its arguments.
pub fn run(_args: &[String]) -> Result<()> {
    Err(Error::new(
        ErrorKind::Usage,
        "`build` is not built yet",
        Location::default(),
    ))
}
