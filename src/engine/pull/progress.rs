//! The progress of a pull: the engine's messages as [`PullEvent`]s and their pure fold,
//! [`apply`], into a [`PullProgress`] (per layer and overall). The message sequence the
//! engine sends is described in the parent module.

use bollard::models::CreateImageInfo;

/// One progress message of a pull, as the engine sent it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PullEvent {
    /// A layer's short id; on the first message (`Pulling from …`) the tag or the reference.
    pub id: Option<String>,
    pub status: String,
    /// Bytes done and in all, on `Downloading` and `Extracting`.
    pub current: Option<i64>,
    pub total: Option<i64>,
    /// The engine's error message. [`Engine::pull`](crate::engine::Engine::pull) turns these into an `Err` and ends the
    /// stream, so its events never carry one; [`decode_recorded`](super::decode_recorded) does the same.
    pub error: Option<String>,
}

impl From<CreateImageInfo> for PullEvent {
    fn from(info: CreateImageInfo) -> Self {
        let (current, total) = match info.progress_detail {
            Some(p) => (p.current, p.total),
            None => (None, None),
        };
        PullEvent {
            id: info.id.filter(|i| !i.is_empty()),
            status: info.status.unwrap_or_default(),
            current,
            total,
            error: info
                .error_detail
                .map(|d| d.message.unwrap_or_else(|| "the pull failed".to_string())),
        }
    }
}

impl PullEvent {
    /// A message about the pull as a whole, not about one layer.
    pub fn is_overall(&self) -> bool {
        let s = self.status.as_str();
        self.id.is_none()
            || s.starts_with("Pulling from ")
            || s.starts_with("Digest: ")
            || s.starts_with("Status: ")
            || s.starts_with("Pulling repository ")
    }
}

/// One layer's state during a pull.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayerProgress {
    /// The layer's short id (12 hex digits).
    pub id: String,
    /// The engine's latest word for it: "Pulling fs layer", "Waiting", "Downloading",
    /// "Verifying Checksum", "Download complete", "Extracting", "Pull complete",
    /// "Already exists", "Retrying in 5 seconds"…
    pub status: String,
    /// Bytes done of the current phase (download, then extraction), as last reported.
    pub current: Option<i64>,
    /// The layer's size (compressed), once the engine said it.
    pub total: Option<i64>,
}

impl LayerProgress {
    /// Pulled or already there: nothing more will happen to it.
    pub fn finished(&self) -> bool {
        matches!(self.status.as_str(), "Pull complete" | "Already exists")
    }

    /// Bytes done out of `2 × total`: downloading fills the first half, extracting the
    /// second, so the figure never goes back when extraction starts again from zero. `None`
    /// while the layer's size is not known.
    pub fn weighed(&self) -> Option<(i64, i64)> {
        let total = self.total.filter(|t| *t > 0)?;
        let current = self.current.unwrap_or(0).clamp(0, total);
        let done = match self.status.as_str() {
            "Pull complete" | "Already exists" => 2 * total,
            "Extracting" => total + current,
            "Verifying Checksum" | "Download complete" => total,
            "Pulling fs layer" | "Waiting" => 0,
            // "Downloading", "Retrying in …" and anything newer: the download so far.
            _ => current,
        };
        Some((done, 2 * total))
    }
}

/// The state of a pull, built by folding its events with [`apply`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PullProgress {
    /// In the order the engine first named them.
    pub layers: Vec<LayerProgress>,
    /// The latest overall line: "Pulling from x/y", "Digest: …",
    /// "Status: Downloaded newer image for …", or the error that ended the pull.
    pub status: String,
    /// The engine said the pull is over and the image is there (a `Status: …` line).
    pub done: bool,
}

impl PullProgress {
    /// Overall progress, 0.0 to 1.0: the bytes done over the bytes to do of the layers whose
    /// size is known (see [`LayerProgress::weighed`]), finished layers counting in full; 0.0
    /// while no size is known, 1.0 once `done`. Layers that already exist have no size and do
    /// not count. The engine gives a layer's size only when its download starts, so the figure
    /// can step back when a further layer starts (one layer at a time it only moves forward).
    pub fn fraction(&self) -> f64 {
        if self.done {
            return 1.0;
        }
        let (mut done, mut all) = (0i64, 0i64);
        for l in &self.layers {
            if let Some((d, a)) = l.weighed() {
                done += d;
                all += a;
            }
        }
        if all > 0 {
            (done as f64 / all as f64).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// Folds one progress message into the state.
pub fn apply(progress: &mut PullProgress, event: &PullEvent) {
    if let Some(error) = &event.error {
        progress.status = error.clone();
        progress.done = false;
        return;
    }
    if event.is_overall() {
        if !event.status.is_empty() {
            progress.status = event.status.clone();
        }
        if event.status.starts_with("Status: ") {
            progress.done = true;
        }
        return;
    }
    let Some(id) = event.id.as_deref() else {
        return;
    };
    let i = match progress.layers.iter().position(|l| l.id == id) {
        Some(i) => i,
        None => {
            progress.layers.push(LayerProgress {
                id: id.to_string(),
                ..Default::default()
            });
            progress.layers.len() - 1
        }
    };
    let layer = &mut progress.layers[i];
    if !event.status.is_empty() {
        layer.status = event.status.clone();
    }
    if event.current.is_some() {
        layer.current = event.current;
    }
    if event.total.is_some_and(|t| t > 0) {
        layer.total = event.total;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fold_keeps_sizes_and_orders_layers() {
        let mut p = PullProgress::default();
        let ev = |id: Option<&str>, status: &str, cur: Option<i64>, tot: Option<i64>| PullEvent {
            id: id.map(str::to_string),
            status: status.to_string(),
            current: cur,
            total: tot,
            error: None,
        };
        apply(&mut p, &ev(Some("1"), "Pulling from dh/x", None, None));
        assert!(p.layers.is_empty(), "the tag is not a layer");
        assert_eq!(p.status, "Pulling from dh/x");
        apply(&mut p, &ev(Some("aa"), "Pulling fs layer", None, None));
        apply(&mut p, &ev(Some("bb"), "Already exists", None, None));
        assert_eq!(p.fraction(), 0.0, "no sizes yet");
        apply(&mut p, &ev(Some("aa"), "Downloading", Some(50), Some(100)));
        assert_eq!(p.fraction(), 0.25);
        apply(&mut p, &ev(Some("aa"), "Download complete", None, None));
        assert_eq!(
            p.layers[0].total,
            Some(100),
            "a message without sizes keeps them"
        );
        assert_eq!(p.fraction(), 0.5);
        apply(&mut p, &ev(Some("aa"), "Extracting", Some(10), Some(100)));
        assert_eq!(
            p.fraction(),
            0.55,
            "extraction starts again from zero but counts on top"
        );
        apply(&mut p, &ev(Some("aa"), "Pull complete", None, None));
        assert_eq!(p.fraction(), 1.0);
        assert!(!p.done);
        apply(
            &mut p,
            &ev(
                None,
                "Status: Downloaded newer image for dh/x:1",
                None,
                None,
            ),
        );
        assert!(p.done);
        assert_eq!(
            p.layers.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            ["aa", "bb"]
        );
    }
}
