//! The TLS material for a `tcp://` engine address: where the CA, certificate and key files are,
//! and whether the server's certificate is checked.
//!
//! Its own module because both sources of it use it: [`super::host`] (`DOCKER_TLS_VERIFY` with
//! `DOCKER_CERT_PATH`) and [`super::context`] (a context's `tls/…/docker` folder), and host
//! also reads contexts; with the type in either of them, the two would import each other.
//! Only paths: nothing is read here; [`super::connect`] loads the files.

use std::path::PathBuf;

/// TLS material for a `tcp://` host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
    /// False when the context says to skip verification of the server's certificate.
    pub verify: bool,
}
