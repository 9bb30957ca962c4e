//! The TLS material for a `tcp://` or `https://` engine address: where the CA, certificate and
//! key files are, whether they can be used, and what a TLS failure means in words.
//!
//! Its own module because both sources of it use it: [`super::host`] (`DOCKER_TLS_VERIFY` with
//! `DOCKER_CERT_PATH`) and [`super::context`] (a context's `tls/…/docker` folder), and host
//! also reads contexts; with the type in either of them, the two would import each other.
//!
//! Measured against a private Docker 20.10 engine with `--tlsverify` (scripts/tls.sh):
//! - bollard drops a client certificate or key it cannot read without a word and connects
//!   without one; the engine then refuses the handshake. So [`check_files`] reads all three
//!   files first and names the one that is missing, unreadable or not what it should be.
//! - A CA that did not sign the engine's certificate: rustls' `UnknownIssuer`, on our side.
//! - An expired client certificate: the engine answers with the alert "bad certificate",
//!   exactly as for a certificate of another CA (with TLS 1.3 it arrives with the first
//!   answer, not during the handshake); the expiry date is read from the file.
//! - A plain-HTTP server behind an `https://` address answers the TLS hello in HTTP, which
//!   rustls reports as a record of an invalid content type.
//! - A TLS engine reached without TLS answers HTTP 400 "Client sent an HTTP request to an
//!   HTTPS server." (see [`plain_to_tls_engine`]).
//! - Connect + list on 127.0.0.1: 160 to 230 ms. bollard keeps no idle TLS connection, so
//!   each request makes a new TLS handshake (TLS 1.3 only: its rustls has no TLS 1.2).

use std::path::{Path, PathBuf};

use bollard::errors::Error;
use rustls::{AlertDescription, CertificateError};

use super::certfile::{KeyKind, key_kind, pem_blocks, validity};
use super::errors::find_cause;

/// TLS material for a `tcp://` host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
    /// False when the context says to skip verification of the server's certificate.
    pub verify: bool,
}

impl TlsFiles {
    /// The three files of a `DOCKER_CERT_PATH`-style folder.
    pub fn in_dir(dir: &Path) -> TlsFiles {
        TlsFiles {
            ca: dir.join("ca.pem"),
            cert: dir.join("cert.pem"),
            key: dir.join("key.pem"),
            verify: true,
        }
    }
}

/// Reads the three files and checks each holds what it should, before bollard sees them.
/// Errors name the file; nothing of a file's contents is ever shown.
pub fn check_files(t: &TlsFiles) -> Result<(), String> {
    let ca = read(&t.ca, "CA certificate")?;
    if pem_blocks(&ca, "CERTIFICATE").is_empty() {
        return Err(format!(
            "the TLS CA file {} holds no PEM certificate",
            t.ca.display()
        ));
    }
    let cert = read(&t.cert, "client certificate")?;
    if pem_blocks(&cert, "CERTIFICATE").is_empty() {
        return Err(format!(
            "the TLS client certificate file {} holds no PEM certificate",
            t.cert.display()
        ));
    }
    let key = read(&t.key, "client key")?;
    match key_kind(&key) {
        KeyKind::Plain => Ok(()),
        KeyKind::Encrypted => Err(format!(
            "the TLS client key {} is protected by a passphrase, which dockhand cannot ask for: \
             give an unencrypted copy (openssl pkey -in KEY -out key.pem)",
            t.key.display()
        )),
        KeyKind::Missing => Err(format!(
            "the TLS client key file {} holds no PEM private key",
            t.key.display()
        )),
    }
}

fn read(path: &Path, what: &str) -> Result<String, String> {
    std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("the TLS {what} file {} does not exist", path.display())
            }
            std::io::ErrorKind::PermissionDenied => format!(
                "cannot read the TLS {what} file {}: permission denied",
                path.display()
            ),
            _ => format!("cannot read the TLS {what} file {}: {e}", path.display()),
        })
}

/// Words for a request over TLS that failed in TLS itself (`None`: something else failed).
/// `authority` is the `host:port` dockhand dialled.
pub fn explain(err: &Error, files: &TlsFiles, authority: &str) -> Option<String> {
    let tls = find_cause::<rustls::Error>(err)?;
    Some(explain_tls(tls, files, authority))
}

fn explain_tls(tls: &rustls::Error, files: &TlsFiles, authority: &str) -> String {
    let ca = files.ca.display();
    let cert = files.cert.display();
    match tls {
        rustls::Error::InvalidCertificate(e) => match e {
            CertificateError::UnknownIssuer => format!(
                "the engine's certificate is not signed by the CA in {ca}: give the CA that signed the engine's certificate"
            ),
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                format!("the engine's certificate at {authority} has expired")
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                format!(
                    "the engine's certificate at {authority} is not valid yet (is this machine's clock right?)"
                )
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                format!(
                    "the engine's certificate is not made for {authority}: use the name or address it was made for"
                )
            }
            other => format!("the engine's certificate was rejected: {other:?}"),
        },
        rustls::Error::AlertReceived(alert) if refuses_client_cert(*alert) => {
            refused_client_cert(&files.cert, *alert)
        }
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => format!(
            "the engine at {authority} does not speak TLS: use tcp:// without TLS files (unset DOCKER_TLS_VERIFY)"
        ),
        rustls::Error::NoCertificatesPresented => {
            format!("the engine at {authority} showed no certificate")
        }
        other => format!(
            "TLS with the engine at {authority} failed (client certificate {cert}): {other}"
        ),
    }
}

/// Alerts with which a server refuses the certificate a client showed.
fn refuses_client_cert(alert: AlertDescription) -> bool {
    matches!(
        alert,
        AlertDescription::BadCertificate
            | AlertDescription::CertificateExpired
            | AlertDescription::CertificateRevoked
            | AlertDescription::CertificateUnknown
            | AlertDescription::UnsupportedCertificate
            | AlertDescription::UnknownCA
            | AlertDescription::CertificateRequired
            | AlertDescription::AccessDenied
    )
}

/// The engine refused our certificate; it does not say why, so look at its dates first.
fn refused_client_cert(path: &Path, alert: AlertDescription) -> String {
    let dates = std::fs::read_to_string(path).ok().and_then(|text| {
        pem_blocks(&text, "CERTIFICATE")
            .first()
            .and_then(|der| validity(der))
    });
    let file = path.display();
    match dates {
        Some((_, until)) if until.is_past() => {
            format!("the engine refused the client certificate {file}: it expired on {until}")
        }
        Some((from, _)) if !from.is_past() => format!(
            "the engine refused the client certificate {file}: it is only valid from {from}"
        ),
        _ => format!(
            "the engine refused the client certificate {file} ({alert:?}): is it signed by the CA the engine trusts?"
        ),
    }
}

/// True when a TLS engine answered a plain-HTTP request (Go's HTTP server says so in a 400).
pub fn plain_to_tls_engine(err: &Error) -> bool {
    matches!(
        err,
        Error::DockerResponseServerError { status_code: 400, message }
            if message.contains("HTTP request to an HTTPS server")
    )
}

/// The words for [`plain_to_tls_engine`].
pub const SPEAKS_TLS: &str = "this engine speaks TLS: give its certificates (DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH with ca.pem, cert.pem, key.pem; or a docker context)";

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> TlsFiles {
        TlsFiles::in_dir(dir)
    }

    const CERT: &str = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
    const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n";

    #[test]
    fn each_file_problem_names_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        let f = files(d);
        let e = check_files(&f).expect_err("missing");
        assert_eq!(
            e,
            format!(
                "the TLS CA certificate file {}/ca.pem does not exist",
                d.display()
            )
        );
        std::fs::write(&f.ca, "hello").expect("write");
        let e = check_files(&f).expect_err("not pem");
        assert!(e.contains("ca.pem holds no PEM certificate"), "{e}");
        std::fs::write(&f.ca, CERT).expect("write");
        std::fs::write(&f.cert, CERT).expect("write");
        let e = check_files(&f).expect_err("no key");
        assert!(
            e.contains("client key file") && e.contains("key.pem does not exist"),
            "{e}"
        );
        std::fs::write(&f.key, CERT).expect("write");
        let e = check_files(&f).expect_err("no key in it");
        assert!(e.ends_with("key.pem holds no PEM private key"), "{e}");
        std::fs::write(
            &f.key,
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n",
        )
        .expect("write");
        let e = check_files(&f).expect_err("encrypted");
        assert!(e.contains("passphrase"), "{e}");
        std::fs::write(&f.key, KEY).expect("write");
        assert_eq!(check_files(&f), Ok(()));
    }

    #[test]
    fn tls_failures_in_words() {
        let f = files(Path::new("/certs"));
        let wrong_ca = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        assert_eq!(
            explain_tls(&wrong_ca, &f, "h:2376"),
            "the engine's certificate is not signed by the CA in /certs/ca.pem: give the CA that signed the engine's certificate"
        );
        let plain = rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
        assert!(explain_tls(&plain, &f, "h:2376").contains("does not speak TLS"));
        // A certificate that cannot be read: no date to give, the alert and the question.
        let refused = rustls::Error::AlertReceived(AlertDescription::BadCertificate);
        assert_eq!(
            explain_tls(&refused, &f, "h:2376"),
            "the engine refused the client certificate /certs/cert.pem (BadCertificate): is it signed by the CA the engine trusts?"
        );
        assert!(plain_to_tls_engine(&Error::DockerResponseServerError {
            status_code: 400,
            message: "Client sent an HTTP request to an HTTPS server.\n".into()
        }));
    }
}
