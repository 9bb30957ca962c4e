//! Volume calls: list, create, remove (refused while any container, running or not, mounts
//! the volume), and which containers use a volume.

use std::collections::HashMap;

use bollard::models::{Volume as BollardVolume, VolumeCreateRequest};
use bollard::query_parameters::{ListContainersOptions, ListVolumesOptions, RemoveVolumeOptions};

use super::connect::Engine;
use super::containers::{convert as convert_container, is_anonymous_volume_name};
use super::errors::describe;
use super::images::in_use_message;
use super::objects::{UsedBy, Volume};
use crate::clock::unix_now;

/// The label engines since Docker 23 put on volumes they create for `-v /path`.
pub const ANONYMOUS_LABEL: &str = "com.docker.volume.anonymous";

impl Engine {
    /// Every volume. Sizes are left `None`: only the costly disk usage call measures them
    /// ([`Engine::disk_usage`]'s `volume_sizes`).
    pub async fn list_volumes(&self) -> Result<Vec<Volume>, String> {
        let answer = self
            .docker
            .list_volumes(None::<ListVolumesOptions>)
            .await
            .map_err(|e| describe(&e))?;
        Ok(answer
            .volumes
            .unwrap_or_default()
            .into_iter()
            .map(convert)
            .collect())
    }

    /// Creates a volume. An empty `name` lets the engine choose one (an anonymous-looking
    /// 64-hex name); an empty `driver` is the engine's default (`local`).
    pub async fn create_volume(
        &self,
        name: &str,
        driver: &str,
        labels: &[(String, String)],
    ) -> Result<Volume, String> {
        let req = VolumeCreateRequest {
            name: Some(name.to_string()).filter(|n| !n.is_empty()),
            driver: Some(driver.to_string()).filter(|d| !d.is_empty()),
            labels: Some(labels.iter().cloned().collect::<HashMap<_, _>>())
                .filter(|l| !l.is_empty()),
            ..Default::default()
        };
        let v = self
            .docker
            .create_volume(req)
            .await
            .map_err(|e| describe(&e))?;
        Ok(convert(v))
    }

    /// The containers (running or not) that mount volume `name`.
    pub async fn containers_using_volume(&self, name: &str) -> Result<Vec<UsedBy>, String> {
        // The engine's `volume` filter also matches a mount *destination* equal to the value,
        // so the mounts are checked by name afterwards.
        let filters = HashMap::from([("volume".to_string(), vec![name.to_string()])]);
        let opts = ListContainersOptions {
            all: true,
            filters: Some(filters),
            ..Default::default()
        };
        let rows = self
            .docker
            .list_containers(Some(opts))
            .await
            .map_err(|e| describe(&e))?;
        let now = unix_now();
        Ok(rows
            .into_iter()
            .map(|r| convert_container(r, now))
            .filter(|c| c.volumes.iter().any(|v| v.name == name))
            .map(|c| UsedBy {
                running: c.state.is_up(),
                id: c.id,
                name: c.name,
            })
            .collect())
    }

    /// Removes volume `name`. Refused before asking the engine while any container mounts it,
    /// naming them: a stopped container holds on to its volumes too, and the engine's own
    /// refusal names only container ids. `force` is the engine's (`docker volume rm -f`): it
    /// does not remove a volume in use either, it only ignores a volume that is already gone
    /// and driver errors.
    pub async fn remove_volume(&self, name: &str, force: bool) -> Result<(), String> {
        let users = self.containers_using_volume(name).await?;
        if !users.is_empty() {
            return Err(in_use_message(&format!("volume {name}"), &users));
        }
        self.delete_volume(name, force).await
    }

    /// The engine's removal, no questions asked here.
    pub(crate) async fn delete_volume(&self, name: &str, force: bool) -> Result<(), String> {
        self.docker
            .remove_volume(name, Some(RemoveVolumeOptions { force }))
            .await
            .map_err(|e| describe(&e))
    }
}

/// Anonymous: the engine's label (Docker 23 and newer), or the random 64-hex name every
/// engine gives `-v /path` volumes (older engines set no label).
pub(crate) fn is_anonymous(name: &str, labels: &HashMap<String, String>) -> bool {
    labels.contains_key(ANONYMOUS_LABEL) || is_anonymous_volume_name(name)
}

fn convert(v: BollardVolume) -> Volume {
    let anonymous = is_anonymous(&v.name, &v.labels);
    let mut labels: Vec<(String, String)> = v.labels.into_iter().collect();
    labels.sort();
    Volume {
        created: v.created_at.as_deref().and_then(parse_time),
        name: v.name,
        driver: v.driver,
        mountpoint: v.mountpoint,
        size: v.usage_data.map(|u| u.size).filter(|s| *s >= 0),
        anonymous,
        labels,
    }
}

/// An RFC 3339 engine time to unix seconds; the zero time (`0001-01-01…`) is `None`.
pub(crate) fn parse_time(s: &str) -> Option<i64> {
    let t = humantime::parse_rfc3339_weak(s).ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    (secs > 0).then_some(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_volume_from_engine_a_converts() {
        let body = r#"{"CreatedAt":"2026-11-29T18:52:15Z","Driver":"local","Labels":null,"Mountpoint":"/tmp/dh/root/volumes/dfv/_data","Name":"dfv","Options":null,"Scope":"local"}"#;
        let v = convert(serde_json::from_str(body).expect("parses"));
        assert_eq!(v.name, "dfv");
        assert_eq!(v.driver, "local");
        assert_eq!(v.created, Some(1_795_978_335));
        assert!(!v.anonymous);
        assert!(v.labels.is_empty());
        assert_eq!(v.size, None);
    }

    #[test]
    fn anonymous_by_label_or_by_name() {
        let hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assert!(is_anonymous(hex, &HashMap::new()));
        let labelled = HashMap::from([(ANONYMOUS_LABEL.to_string(), String::new())]);
        assert!(is_anonymous("data", &labelled));
        assert!(!is_anonymous("data", &HashMap::new()));
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("1970-01-01T00:00:10Z"), Some(10));
        assert_eq!(parse_time("0001-01-01T00:00:00Z"), None);
        assert_eq!(parse_time("nonsense"), None);
    }
}
