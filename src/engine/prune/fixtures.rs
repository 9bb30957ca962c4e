//! A snapshot of an engine for the preview's tests: images built on one another, containers
//! in every state, volumes named and anonymous, networks built in, custom and swarm, and
//! build cache records of each kind.

use bollard::models::{ImageSummary, Network as BollardNetwork};

use super::plan::plan;
use crate::engine::disk::Df;
use crate::engine::objects::{PruneItem, PruneKind};

pub(super) const HEX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

pub(super) fn df() -> Df {
    let body = format!(
        r#"{{"LayersSize":10,
        "Images":[
          {{"Id":"base","RepoTags":["local/busybox:test"],"Size":100,"SharedSize":100,"Containers":1}},
          {{"Id":"app","ParentId":"base","RepoTags":["app:1"],"Size":150,"SharedSize":100,"Containers":1}},
          {{"Id":"old","ParentId":"base","RepoTags":["<none>:<none>"],"Size":130,"SharedSize":100,"Containers":0}},
          {{"Id":"tool","ParentId":"base","RepoTags":["tool:1"],"Size":120,"SharedSize":100,"Containers":0}},
          {{"Id":"dangling-used","RepoTags":[],"Size":7,"SharedSize":0,"Containers":1}}
        ],
        "Containers":[
          {{"Id":"c-run","Names":["/web"],"ImageID":"app","State":"running","SizeRw":5,
            "Mounts":[{{"Type":"volume","Name":"data"}}],
            "NetworkSettings":{{"Networks":{{"front":{{"NetworkID":"n-front"}}}}}}}},
          {{"Id":"c-exit","Names":["/job"],"ImageID":"dangling-used","State":"exited","SizeRw":40,
            "Mounts":[{{"Type":"volume","Name":"{HEX}"}},{{"Type":"volume","Name":"logs"}}],
            "NetworkSettings":{{"Networks":{{"back":{{"NetworkID":""}}}}}}}},
          {{"Id":"c-paused","Names":["/p"],"ImageID":"base","State":"paused","SizeRw":1}},
          {{"Id":"c-new","Names":["/new"],"ImageID":"base","State":"created","SizeRootFs":100}}
        ],
        "Volumes":[
          {{"Name":"data","UsageData":{{"Size":1000,"RefCount":1}}}},
          {{"Name":"{HEX}","UsageData":{{"Size":64,"RefCount":1}}}},
          {{"Name":"logs","UsageData":{{"Size":32,"RefCount":1}}}},
          {{"Name":"spare","UsageData":{{"Size":16,"RefCount":0}}}},
          {{"Name":"anon","Labels":{{"com.docker.volume.anonymous":""}},"UsageData":{{"Size":8,"RefCount":0}}}}
        ],
        "BuildCache":[
          {{"ID":"b1","Type":"regular","Description":"mount / from exec","InUse":false,"Shared":false,"Size":300}},
          {{"ID":"b2","Type":"regular","InUse":false,"Shared":true,"Size":900}},
          {{"ID":"b3","Type":"regular","InUse":true,"Shared":false,"Size":50}},
          {{"ID":"b4","Type":"frontend","InUse":false,"Shared":false,"Size":5}}
        ]}}"#
    );
    Df::parse(&body).expect("fixture parses")
}

pub(super) fn images() -> Vec<ImageSummary> {
    let rows = r#"[
      {"Id":"base","ParentId":"","RepoTags":["local/busybox:test"],"RepoDigests":[],"Created":1,"Size":100,"SharedSize":-1,"Labels":{},"Containers":-1},
      {"Id":"app","ParentId":"base","RepoTags":["app:1"],"RepoDigests":[],"Created":2,"Size":150,"SharedSize":-1,"Labels":{},"Containers":-1},
      {"Id":"old","ParentId":"base","RepoTags":["<none>:<none>"],"RepoDigests":[],"Created":3,"Size":130,"SharedSize":-1,"Labels":{},"Containers":-1},
      {"Id":"tool","ParentId":"base","RepoTags":["tool:1"],"RepoDigests":[],"Created":4,"Size":120,"SharedSize":-1,"Labels":{},"Containers":-1},
      {"Id":"mid","ParentId":"tool","RepoTags":[],"RepoDigests":[],"Created":5,"Size":125,"SharedSize":-1,"Labels":{},"Containers":-1},
      {"Id":"top","ParentId":"mid","RepoTags":["top:1"],"RepoDigests":[],"Created":6,"Size":126,"SharedSize":-1,"Labels":{},"Containers":-1},
      {"Id":"dangling-used","ParentId":"","RepoTags":null,"RepoDigests":null,"Created":7,"Size":7,"SharedSize":-1,"Labels":null,"Containers":-1}
    ]"#;
    serde_json::from_str(rows).expect("images parse")
}

pub(super) fn networks() -> Vec<BollardNetwork> {
    let rows = r#"[
      {"Name":"none","Id":"n-none","Driver":"null","Scope":"local"},
      {"Name":"host","Id":"n-host","Driver":"host","Scope":"local"},
      {"Name":"front","Id":"n-front","Driver":"bridge","Scope":"local"},
      {"Name":"back","Id":"n-back","Driver":"bridge","Scope":"local"},
      {"Name":"spare","Id":"n-spare","Driver":"bridge","Scope":"local"},
      {"Name":"mesh","Id":"n-mesh","Driver":"overlay","Scope":"swarm"}
    ]"#;
    serde_json::from_str(rows).expect("networks parse")
}

pub(super) fn preview(kind: PruneKind) -> Vec<PruneItem> {
    plan(kind, &df(), &images(), &networks())
}
