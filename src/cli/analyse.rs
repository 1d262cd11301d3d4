//! `pcc-spc analyse`.

use crate::{Error, ErrorKind, Location, Result};

/// Runs `pcc-spc analyse` with its arguments.
pub fn run(_args: &[String]) -> Result<()> {
    Err(Error::new(
        ErrorKind::Usage,
        "`analyse` is not built yet",
        Location::default(),
    ))
}
