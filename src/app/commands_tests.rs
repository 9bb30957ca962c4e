use super::*;
use crate::config::{ContainerAction, GlobalAction, ProjectAction, ServiceAction};

const CONTAINERS: [Scope; 3] = [Scope::Containers, Scope::List, Scope::Global];
const SERVICES: [Scope; 3] = [Scope::Services, Scope::List, Scope::Global];

fn yes(_: Action) -> bool {
    true
}

#[test]
fn commands_are_the_actions_names_made_short() {
    let name = |a| command_name(a).expect("a command");
    assert_eq!(name(Action::Containers(ContainerAction::Stop)), "stop");
    assert_eq!(name(Action::Global(GlobalAction::ShowImages)), "images");
    assert_eq!(name(Action::Global(GlobalAction::ShowEvents)), "events");
    assert_eq!(
        name(Action::Containers(ContainerAction::SortCpu)),
        "sort cpu"
    );
    assert_eq!(name(Action::Projects(ProjectAction::ProjectStop)), "stop");
    assert_eq!(
        name(Action::Projects(ProjectAction::ComposeUp)),
        "compose-up"
    );
    assert_eq!(name(Action::Services(ServiceAction::ServiceScale)), "scale");
    assert_eq!(name(Action::Global(GlobalAction::DiskUsage)), "disk-usage");
    // Cursor moves are keys only; the views' own keys live inside them.
    assert_eq!(command_name(Action::Down), None);
    assert_eq!(command_name(Action::Confirm), None);
    assert_eq!(command_name(Action::InspectCopy), None);
}

#[test]
fn a_panes_own_command_wins_and_each_name_is_offered_once() {
    assert_eq!(
        parse("tasks", &SERVICES, yes),
        Ok(Command::Action(Action::Services(
            ServiceAction::ServiceTasks
        )))
    );
    for pane in [
        Scope::Containers,
        Scope::Images,
        Scope::Networks,
        Scope::Projects,
        Scope::Services,
        Scope::Tasks,
        Scope::Nodes,
        Scope::Security,
    ] {
        let mut all = names(&[pane, Scope::List, Scope::Global]);
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "{pane:?}: {all:?}");
    }
}

#[test]
fn a_line_is_read_on_its_pane() {
    let stop = Action::Containers(ContainerAction::Stop);
    assert_eq!(parse(":stop", &CONTAINERS, yes), Ok(Command::Action(stop)));
    assert_eq!(
        parse("  Stop ", &CONTAINERS, yes),
        Ok(Command::Action(stop))
    );
    assert_eq!(
        parse("sort cpu", &CONTAINERS, yes),
        Ok(Command::Action(Action::Containers(
            ContainerAction::SortCpu
        )))
    );
    assert_eq!(
        parse("images", &CONTAINERS, yes),
        Ok(Command::Action(Action::Global(GlobalAction::ShowImages)))
    );
    assert_eq!(
        parse("q", &SERVICES, yes),
        Ok(Command::Action(Action::Quit))
    );
    assert_eq!(
        parse("host prod eu", &CONTAINERS, yes),
        Ok(Command::Host(Some("prod eu".into())))
    );
    assert_eq!(parse("host", &CONTAINERS, yes), Ok(Command::Host(None)));
    assert_eq!(
        parse("filter Web", &CONTAINERS, yes),
        Ok(Command::Filter("Web".into()))
    );
    assert_eq!(
        parse("prune images", &SERVICES, yes),
        Ok(Command::Prune(PruneKind::DanglingImages))
    );
    // A column without a sort key of its own is sorted by its title.
    assert_eq!(
        parse("sort replicas", &SERVICES, yes),
        Ok(Command::SortColumn("replicas".into()))
    );
}

#[test]
fn what_cannot_run_says_why_and_the_nearest_command() {
    let err = parse("stp", &CONTAINERS, yes).expect_err("unknown");
    assert_eq!(err, "unknown command `stp`: did you mean `:stop`?");
    let err = parse("imagse", &CONTAINERS, yes).expect_err("unknown");
    assert!(err.contains("`:images`"), "{err}");
    let err = parse("ev", &CONTAINERS, yes).expect_err("a part");
    assert_eq!(err, "unknown command `ev`: did you mean `:events`?");
    let err = parse("xyzzy", &CONTAINERS, yes).expect_err("unknown");
    assert_eq!(err, "unknown command `xyzzy`");
    // A command of another pane names the pane it works on.
    let err = parse("scale", &CONTAINERS, yes).expect_err("elsewhere");
    assert_eq!(err, "`:scale` works on the swarm services pane");
    let err = parse("stop", &CONTAINERS, |a: Action| !a.changes_engine()).expect_err("ro");
    assert!(err.contains("read-only"), "{err}");
    let err = parse("prune everything", &CONTAINERS, yes).expect_err("bad kind");
    assert!(
        err.starts_with("prune what? one of containers, images"),
        "{err}"
    );
}

#[test]
fn completion_puts_prefixes_first_then_words_then_letters_in_order() {
    let c = complete("st", &CONTAINERS, &[]);
    assert_eq!(c.first().map(String::as_str), Some("stop"), "{c:?}");
    assert!(c.contains(&"start".to_string()), "{c:?}");
    assert!(c.contains(&"stats".to_string()), "{c:?}");
    // A word inside: `cpu` finds `sort cpu`; letters in order: `rst` finds `restart`.
    assert!(complete("cpu", &CONTAINERS, &[]).contains(&"sort cpu".to_string()));
    assert!(complete("rst", &CONTAINERS, &[]).contains(&"restart".to_string()));
    // Arguments: host names and prune kinds.
    let hosts = vec!["prod".to_string(), "laptop".to_string()];
    assert_eq!(complete("host l", &CONTAINERS, &hosts), vec!["host laptop"]);
    assert_eq!(
        complete("prune vol", &CONTAINERS, &[]),
        vec!["prune volumes", "prune all-volumes"]
    );
    // Another pane's commands are not offered.
    assert!(!complete("sca", &CONTAINERS, &[]).contains(&"scale".to_string()));
}
