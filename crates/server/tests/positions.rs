//! Positions, the zone of agreement and precedents over real HTTP: the red-line matrix of
//! each bundled draft against verdicts worked out here with the positions library, the
//! zone page and its cache, the JSON formats, the 400s and 404s, and precedent search
//! without a corpus, with a small PA-X-shaped export written here, and with the real
//! PA-X export (required under CI).

mod common;

use std::fs::File;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use common::Reply;
use truce_model::Negotiation;
use truce_model::pax_taxonomy::CODES;
use truce_positions::{Positions, Truth, ZopaOptions};
use truce_server::{AppState, serve};

fn scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

/// A server over `dir` (one folder per scenario) and `store`.
fn start_at(dir: &Path, store: Option<PathBuf>) -> SocketAddr {
    let (state, warnings) = AppState::load(dir, store);
    assert!(warnings.is_empty(), "{warnings:?}");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            serve(listener, Arc::new(state), std::future::pending()).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

/// The bundled scenarios, no store.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| common::start(None))
}

fn get_at(addr: SocketAddr, path: &str) -> Reply {
    common::request(addr, "GET", path, "", b"")
}

fn get(path: &str) -> Reply {
    get_at(server(), path)
}

/// The bundled Geneva scenario and its positions, read here with the model and positions
/// libraries (not through the server).
fn geneva() -> (Negotiation, Positions) {
    let dir = scenarios().join("geneva-2025");
    let mut loaded = truce_model::load_scenario(&dir);
    assert_eq!(loaded.error_count(), 0);
    let n = loaded.negotiation.take().unwrap();
    let positions = truce_positions::load_positions(&dir.join("positions"), &n, &mut loaded.sources);
    assert_eq!(positions.error_count(), 0);
    assert_eq!(positions.positions.parties.len(), 4);
    (n, positions.positions)
}

/// The `<tr id="...">` row of `body`, up to its end.
fn row<'b>(body: &'b str, id: &str) -> &'b str {
    let start = body
        .find(&format!("<tr id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no row {id} in {body}"));
    let end = body[start..].find("</tr>").unwrap() + start;
    &body[start..end]
}

fn verdict_word(t: Truth) -> &'static str {
    match t {
        Truth::Holds => ">acceptable<",
        Truth::Broken => ">rejects<",
        Truth::Unknown => ">undecided (open terms)<",
    }
}

fn status_word(t: Truth) -> &'static str {
    match t {
        Truth::Holds => ">holds<",
        Truth::Broken => ">broken<",
        Truth::Unknown => ">unknown<",
    }
}

/// Every form control has a label that names it.
fn assert_labelled(body: &str) {
    for tag in ["<select ", "<input ", "<textarea "] {
        for (i, _) in body.match_indices(tag) {
            let rest = &body[i..];
            let element = &rest[..rest.find('>').unwrap()];
            if element.contains("type=\"hidden\"") {
                continue;
            }
            let id = element
                .split("id=\"")
                .nth(1)
                .and_then(|x| x.split('"').next())
                .unwrap_or_else(|| panic!("a control without an id: {element}"));
            assert!(body.contains(&format!("<label for=\"{id}\">")), "no label for #{id}");
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A scenarios folder holding a copy of the Geneva scenario only.
fn geneva_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&scenarios().join("geneva-2025"), &dir.path().join("geneva-2025"));
    dir
}

#[test]
fn each_draft_shows_every_red_line_with_the_verdicts_of_the_positions_library() {
    let (n, positions) = geneva();
    for d in &n.documents {
        let r = get(&format!("/negotiations/geneva-2025/positions?draft={}", d.id));
        assert_eq!(r.status, 200, "{}: {}", d.id, r.body);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert!(
            r.body.contains(&format!("<option value=\"{}\" selected>", d.id)),
            "{}",
            d.id
        );
        assert_labelled(&r.body);
        let a = truce_positions::assess(&n, d, &positions);
        assert_eq!(a.parties.len(), 4);
        for p in &a.parties {
            let v = row(&r.body, &format!("verdict-{}", p.party));
            assert!(v.contains(verdict_word(p.acceptable)), "{} {}: {v}", d.id, p.party);
            for rl in &p.red_lines {
                let cell = row(&r.body, &format!("rl-{}-{}", p.party, rl.id));
                assert!(
                    cell.contains(status_word(rl.status)),
                    "{} {}/{}: {cell}",
                    d.id,
                    p.party,
                    rl.id
                );
                for prov in &rl.provisions {
                    assert!(
                        cell.contains(&format!(
                            "href=\"/negotiations/geneva-2025/documents/{}#{prov}\">{prov}</a>",
                            d.id
                        )),
                        "{} {}/{}: {prov} in {cell}",
                        d.id,
                        p.party,
                        rl.id
                    );
                }
                for open in &rl.open_issues {
                    assert!(cell.contains(open.as_str()), "{open} in {cell}");
                }
            }
        }
    }
}

#[test]
fn the_us_draft_matrix_matches_what_the_scenario_files_say() {
    // The US plan recognises Russian control de facto (us28-21) and caps the army at
    // 600,000 (us28-06); Europe's first red line asks for no recognition at all and
    // Russia's asks for recognition. Ukraine's referendum red line reads a term the
    // draft never sets.
    let r = get("/negotiations/geneva-2025/positions?draft=us-28-point-plan");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<h1>Red lines: US 28-point peace plan"), "{}", r.body);
    let eu = row(&r.body, "rl-eu-no-border-change-by-force");
    assert!(eu.contains(">broken<") && eu.contains(">us28-21</a>"), "{eu}");
    assert!(row(&r.body, "rl-ru-recognition").contains(">holds<"));
    let army = row(&r.body, "rl-ua-army-floor-800k");
    assert!(army.contains(">broken<") && army.contains(">us28-06</a>"), "{army}");
    let referendum = row(&r.body, "rl-ua-territory-by-referendum");
    assert!(referendum.contains(">unknown<") && referendum.contains("open: referendum"));
    assert!(row(&r.body, "verdict-ru").contains(">acceptable<"));
    assert!(row(&r.body, "verdict-ua").contains(">rejects<"));
    assert!(row(&r.body, "verdict-eu").contains(">rejects<"));
    assert!(r.body.contains("<th scope=\"rowgroup\" rowspan=\"6\">Ukraine"));
    // The E3 text keeps recognition at none, so the same European red line holds.
    let r = get("/negotiations/geneva-2025/positions?draft=e3-counter-proposal");
    assert!(row(&r.body, "rl-eu-no-border-change-by-force").contains(">holds<"));
    assert!(row(&r.body, "verdict-ru").contains(">rejects<"));
}

#[test]
fn without_a_draft_the_page_gives_every_partys_verdict_on_every_draft() {
    let (n, positions) = geneva();
    let r = get("/negotiations/geneva-2025/positions");
    assert_eq!(r.status, 200);
    assert!(
        r.body
            .contains("<label for=\"draft\">Draft</label><select id=\"draft\" name=\"draft\">")
    );
    assert!(r.body.contains("action=\"/negotiations/geneva-2025/positions\""));
    assert!(r.body.contains("href=\"/negotiations/geneva-2025/zopa\""));
    assert!(r.body.contains("<th scope=\"col\">party</th>"));
    for d in &n.documents {
        assert!(
            r.body
                .contains(&format!("/negotiations/geneva-2025/positions?draft={}\"", d.id))
        );
        let a = truce_positions::assess(&n, d, &positions);
        for p in &a.parties {
            let tr = row(&r.body, &format!("by-draft-{}", p.party));
            let word = verdict_word(p.acceptable);
            assert!(
                tr.contains(&format!("data-draft=\"{}\"{word}", d.id)),
                "{} {}: {tr}",
                d.id,
                p.party
            );
        }
    }
    // Same page for an empty choice.
    assert_eq!(get("/negotiations/geneva-2025/positions?draft=").status, 200);
}

#[test]
fn scenarios_without_positions_say_so_and_are_not_linked() {
    let g = get("/negotiations/geneva-2025");
    assert!(
        g.body.contains("href=\"/negotiations/geneva-2025/positions\""),
        "{}",
        g.body
    );
    assert!(g.body.contains("href=\"/negotiations/geneva-2025/zopa\""));
    assert!(
        g.body.contains("<a href=\"/precedents\">Precedents</a>"),
        "site navigation"
    );
    for id in ["minsk-2014-2015", "jcpoa-2015"] {
        let page = get(&format!("/negotiations/{id}"));
        assert!(!page.body.contains("/positions\""), "{id}");
        assert!(!page.body.contains("/zopa\""), "{id}");
        for path in [
            format!("/negotiations/{id}/positions"),
            format!("/negotiations/{id}/zopa"),
        ] {
            let r = get(&path);
            assert_eq!(r.status, 404, "{path}");
            assert!(r.header("content-type").unwrap().starts_with("text/html"));
            assert!(r.body.contains("has no positions"), "{path}: {}", r.body);
            assert!(r.body.contains("docs/positions.md"));
            assert!(
                r.body.contains(&format!("href=\"/negotiations/{id}\"")),
                "the crumbs stay"
            );
        }
    }
}

#[test]
fn unknown_drafts_and_negotiations_are_404_pages() {
    let r = get("/negotiations/geneva-2025/positions?draft=nope");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("has no document `nope`"), "{}", r.body);
    assert!(
        r.body.contains("<select id=\"draft\""),
        "the form stays to choose again"
    );
    let r = get("/negotiations/nope/positions?draft=x");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("no negotiation `nope`"));
    assert_eq!(get("/negotiations/nope/zopa").status, 404);
    let r = get("/negotiations/geneva-2025/positions?draft=a&draft=b");
    assert_eq!(r.status, 400);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
}

#[test]
fn the_zone_page_is_searched_once_then_served_from_memory() {
    let (n, positions) = geneva();
    let expected = truce_positions::zopa(&n, &positions, &ZopaOptions::default()).unwrap();
    assert!(!expected.feasible);
    // A scenario folder of its own, so that the first request is certainly the first.
    let dir = geneva_copy();
    let addr = start_at(dir.path(), None);
    let first = get_at(addr, "/negotiations/geneva-2025/zopa");
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.header("x-cache"), Some("miss"));
    assert!(first.body.contains("NO package satisfies every party&#39;s red lines."));
    let sets = &expected.conflicts.as_ref().unwrap().sets;
    assert!(
        first
            .body
            .contains(&format!("minimal conflict sets ({} found", sets.len()))
    );
    for member in sets.iter().flat_map(|s| &s.red_lines) {
        assert!(
            first.body.contains(&format!("`{}`", member.red_line.id)),
            "{}",
            member.red_line.id
        );
    }
    assert!(first.body.contains("href=\"/negotiations/geneva-2025/positions\""));
    let again = get_at(addr, "/negotiations/geneva-2025/zopa");
    assert_eq!(again.header("x-cache"), Some("hit"));
    assert_eq!(again.body, first.body);
    // The API shares the cache and answers exactly what the positions library reports.
    let api = get_at(addr, "/api/v1/negotiations/geneva-2025/zopa");
    assert_eq!(api.status, 200);
    assert_eq!(api.header("x-cache"), Some("hit"));
    assert_eq!(api.header("content-type"), Some("application/json"));
    assert_eq!(api.body, truce_report::positions::zopa_json(&expected));
    // The bundled server answers too.
    let r = get("/negotiations/geneva-2025/zopa");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<h1>geneva-2025: zone of possible agreement</h1>"));
    assert_eq!(get("/negotiations/geneva-2025/zopa").header("x-cache"), Some("hit"));
}

#[test]
fn positions_with_errors_are_a_server_error_not_a_crash() {
    let dir = geneva_copy();
    std::fs::write(
        dir.path().join("geneva-2025/positions/zz.toml"),
        "[position]\nparty = \"nobody\"\n",
    )
    .unwrap();
    let addr = start_at(dir.path(), None);
    for path in [
        "/api/v1/negotiations/geneva-2025/assess?draft=us-28-point-plan",
        "/api/v1/negotiations/geneva-2025/zopa",
    ] {
        let r = get_at(addr, path);
        assert_eq!(r.status, 500, "{path}: {}", r.body);
        assert_eq!(r.json()["error"], "invalid-positions");
    }
    let r = get_at(addr, "/negotiations/geneva-2025/positions");
    assert_eq!(r.status, 500);
    assert!(r.body.contains("errors"), "{}", r.body);
    assert_eq!(get_at(addr, "/negotiations/geneva-2025/zopa").status, 500);
    assert_eq!(get_at(addr, "/negotiations/geneva-2025").status, 200);
}

#[test]
fn the_assessment_api_answers_the_positions_library_verdicts() {
    let (n, positions) = geneva();
    for d in &n.documents {
        let r = get(&format!("/api/v1/negotiations/geneva-2025/assess?draft={}", d.id));
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("application/json"));
        let v = r.json();
        assert_eq!(v["format"], "truce.assess/1");
        let a = truce_positions::assess(&n, d, &positions);
        assert_eq!(v["assessment"], serde_json::to_value(&a).unwrap(), "{}", d.id);
    }
    let v = get("/api/v1/negotiations/geneva-2025/assess?draft=us-28-point-plan").json();
    let ru = v["assessment"]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "ru")
        .unwrap();
    assert_eq!(ru["acceptable"], "holds");
}

#[test]
fn api_errors_are_json_with_a_code() {
    for (path, status, code) in [
        ("/api/v1/negotiations/geneva-2025/assess", 400, "missing-parameter"),
        (
            "/api/v1/negotiations/geneva-2025/assess?draft=",
            400,
            "missing-parameter",
        ),
        (
            "/api/v1/negotiations/geneva-2025/assess?draft=a&draft=b",
            400,
            "bad-query",
        ),
        ("/api/v1/negotiations/geneva-2025/assess?draft=nope", 404, "not-found"),
        ("/api/v1/negotiations/nope/assess?draft=x", 404, "not-found"),
        (
            "/api/v1/negotiations/minsk-2014-2015/assess?draft=minsk-package",
            404,
            "no-positions",
        ),
        ("/api/v1/negotiations/nope/zopa", 404, "not-found"),
        ("/api/v1/negotiations/jcpoa-2015/zopa", 404, "no-positions"),
        ("/api/v1/precedents", 400, "missing-parameter"),
        ("/api/v1/precedents?pax=abc", 400, "bad-parameter"),
        ("/api/v1/precedents?doc=geneva-2025", 400, "bad-parameter"),
        (
            "/api/v1/precedents?doc=geneva-2025/us-28-point-plan&pax=1364",
            400,
            "conflicting-parameters",
        ),
        ("/api/v1/precedents?pax=1364&top=0", 400, "bad-parameter"),
        ("/api/v1/precedents?pax=1364&top=many", 400, "bad-parameter"),
        (
            "/api/v1/precedents?pax=1364&other_processes=perhaps",
            400,
            "bad-parameter",
        ),
        ("/api/v1/precedents?doc=nope/x", 404, "not-found"),
        ("/api/v1/precedents?doc=geneva-2025/nope", 404, "not-found"),
        (
            "/api/v1/precedents?doc=jcpoa-2015/jcpoa&other_processes=true",
            400,
            "no-process",
        ),
        ("/api/v1/precedents?pax=1364", 404, "no-corpus"),
    ] {
        let r = get(path);
        assert_eq!(r.status, status, "{path}: {}", r.body);
        assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
        let v = r.json();
        assert_eq!(v["error"], code, "{path}: {v}");
        assert!(!v["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn the_openapi_document_lists_the_new_endpoints() {
    let doc = get("/api/openapi.json").json();
    let paths = doc["paths"].as_object().unwrap();
    let params = |path: &str| -> Vec<(String, bool)> {
        paths[path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap().to_owned(), p["required"].as_bool().unwrap()))
            .collect()
    };
    assert_eq!(
        params("/api/v1/negotiations/{id}/assess"),
        [("id".to_owned(), true), ("draft".to_owned(), true)]
    );
    assert_eq!(params("/api/v1/negotiations/{id}/zopa"), [("id".to_owned(), true)]);
    let p: Vec<String> = params("/api/v1/precedents").into_iter().map(|(n, _)| n).collect();
    assert_eq!(p, ["doc", "pax", "top", "other_processes"]);
    for (path, format) in [
        ("/api/v1/negotiations/{id}/assess", "truce.assess/1"),
        ("/api/v1/negotiations/{id}/zopa", "truce.zopa/1"),
        ("/api/v1/precedents", "truce.precedents/1"),
    ] {
        let ok = paths[path]["get"]["responses"]["200"]["description"].as_str().unwrap();
        assert!(ok.contains(format), "{path}: {ok}");
    }
    // Every documented GET of this module answers 200 with its parameters.
    assert_eq!(
        get("/api/v1/negotiations/geneva-2025/assess?draft=geneva-framework").status,
        200
    );
    assert_eq!(get("/api/v1/negotiations/geneva-2025/zopa").status, 200);
}

// ------------------------------------------------------------------------ precedents

#[test]
fn without_a_corpus_the_precedents_page_says_how_to_import_one() {
    let r = get("/precedents");
    assert_eq!(r.status, 200);
    assert_labelled(&r.body);
    assert!(r.body.contains("<legend>Precedents of a scenario document</legend>"));
    assert!(r.body.contains("<option value=\"minsk-2014-2015/minsk-package\">"));
    assert!(!r.body.contains("role=\"status\""), "no search, no message");
    let r = get("/precedents?pax=1364");
    assert_eq!(r.status, 200, "no corpus is not an error");
    assert!(r.body.contains("runs without a store"), "{}", r.body);
    assert!(r.body.contains("pax import ../shared/data/pa-x/"));
    assert!(r.body.contains("value=\"1364\""), "the form keeps the query");
    // An empty store.
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    truce_store::Store::open(&store).unwrap();
    let addr = start_at(&scenarios(), Some(store.clone()));
    let r = get_at(addr, "/precedents?doc=minsk-2014-2015/minsk-package");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("holds no PA-X agreements"), "{}", r.body);
    assert!(
        r.body
            .contains(&format!("truce --store {} pax import", store.display()))
    );
    assert!(
        r.body
            .contains("<option value=\"minsk-2014-2015/minsk-package\" selected>")
    );
    let r = get_at(addr, "/api/v1/precedents?doc=minsk-2014-2015/minsk-package");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"], "no-corpus");
    // A store path that does not exist yet is not created by a read.
    let missing = dir.path().join("none.sqlite");
    let addr = start_at(&scenarios(), Some(missing.clone()));
    assert_eq!(get_at(addr, "/precedents?pax=1").status, 200);
    assert!(!missing.exists());
}

#[test]
fn bad_precedent_queries_are_pages_with_the_forms() {
    for (path, status, text) in [
        ("/precedents?pax=abc", 400, "is not a PA-X agreement id"),
        (
            "/precedents?doc=geneva-2025",
            400,
            "is not &lt;negotiation id&gt;/&lt;document id&gt;",
        ),
        ("/precedents?doc=geneva-2025/nope", 404, "has no document `nope`"),
        ("/precedents?pax=1&top=x", 400, "top `x`"),
        ("/precedents?pax=1&pax=2", 400, "pax"),
    ] {
        let r = get(path);
        assert_eq!(r.status, status, "{path}: {}", r.body);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert!(r.body.contains(text), "{path}: {}", r.body);
        assert!(r.body.contains("role=\"alert\""));
    }
    let r = get("/precedents?pax=abc");
    assert!(r.body.contains("<form id=\"by-pax\""), "the forms stay");
}

/// A PA-X v9-shaped export: the metadata columns and every taxonomy code column.
struct Export {
    lines: Vec<String>,
}

impl Export {
    fn new() -> Export {
        let mut header: Vec<&str> = truce_pax::METADATA_COLUMNS.to_vec();
        header.extend(CODES.iter().map(|c| c.code));
        Export {
            lines: vec![header.join(",")],
        }
    }

    fn agreement(&mut self, id: u32, process: (u32, &str), year: i16, codes: &[(&str, u8)]) -> &mut Export {
        let id_s = id.to_string();
        let pp = process.0.to_string();
        let date = format!("01/06/{year}");
        let country = format!("Land of {}", process.1);
        let name = format!("Accord {id}, {}", process.1);
        let meta = [
            id_s.as_str(),
            &name,
            &date,
            &country,
            &pp,
            process.1,
            "Europe and Eurasia",
            "Cea",
            "Ceas",
            "Intra",
            "Multiparty signed/agreed",
        ];
        let mut cells: Vec<String> = meta
            .iter()
            .map(|c| {
                if c.contains(',') {
                    format!("\"{c}\"")
                } else {
                    (*c).to_owned()
                }
            })
            .collect();
        for info in CODES {
            let level = codes.iter().find(|(c, _)| *c == info.code).map_or(0, |(_, l)| *l);
            cells.push(level.to_string());
        }
        self.lines.push(cells.join(","));
        self
    }

    /// Writes the file, reads it as `truce pax import` does, and imports it into a new store.
    fn import(&self, dir: &Path) -> PathBuf {
        let csv = dir.join("pax.csv");
        std::fs::write(&csv, self.lines.join("\n") + "\n").unwrap();
        import_into_store(&csv, dir)
    }
}

fn import_into_store(csv: &Path, dir: &Path) -> PathBuf {
    let read = truce_pax::read_agreements(File::open(csv).unwrap(), &csv.display().to_string()).unwrap();
    assert!(read.rejects.is_empty(), "{:?}", read.rejects);
    let store = dir.join("store.sqlite");
    truce_store::Store::open(&store)
        .unwrap()
        .import_pax(&read.agreements)
        .unwrap();
    store
}

const ALPHA: (u32, &str) = (10, "Alpha process");
const BETA: (u32, &str) = (20, "Beta process");
const GAMMA: (u32, &str) = (30, "Gamma process");
const UKRAINE: (u32, &str) = (121, "Ukraine peace process");

fn minsk_package_codes() -> Vec<(String, u8)> {
    let loaded = truce_model::load_scenario(&scenarios().join("minsk-2014-2015"));
    let n = loaded.negotiation.unwrap();
    let d = n.document("minsk-package").unwrap();
    d.code_profile().into_iter().map(|(c, l)| (c.to_owned(), l)).collect()
}

#[test]
fn precedents_from_a_small_export_written_here() {
    let twin = minsk_package_codes();
    assert!(twin.len() > 3);
    let twin: Vec<(&str, u8)> = twin.iter().map(|(c, l)| (c.as_str(), *l)).collect();
    let dir = tempfile::tempdir().unwrap();
    let store = Export::new()
        .agreement(1, ALPHA, 2010, &[("Ce", 2), ("SsrArm", 1)])
        .agreement(2, ALPHA, 2012, &[("Ce", 2), ("SsrArm", 1), ("TjAm", 2)])
        .agreement(3, BETA, 2015, &[("Ce", 1), ("Ele", 1)])
        .agreement(4, GAMMA, 2001, &[("Ele", 1)])
        // Exactly the codes of the bundled minsk-package draft, in the draft's process.
        .agreement(5, UKRAINE, 2015, &twin)
        .import(dir.path());
    let addr = start_at(&scenarios(), Some(store.clone()));

    // A draft: the agreement with the same codes at the same levels scores 1.
    let r = get_at(addr, "/precedents?doc=minsk-2014-2015/minsk-package");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_labelled(&r.body);
    let first = row(&r.body, "rank-1");
    assert!(
        first.contains("href=\"#pax-5\">5</a>") && first.contains(">1.000<"),
        "{first}"
    );
    assert!(r.body.contains("5 PA-X agreements searched"));
    assert!(r.body.contains("<section id=\"pax-5\">"));
    assert!(r.body.contains("<dt>Only in the precedent</dt><dd>none</dd>"));
    assert!(
        r.body
            .contains("href=\"/negotiations/minsk-2014-2015/documents/minsk-package\"")
    );
    // Other peace processes only: the Ukraine agreement is left out.
    let r = get_at(
        addr,
        "/precedents?doc=minsk-2014-2015/minsk-package&other_processes=true",
    );
    assert_eq!(r.status, 200);
    assert!(!r.body.contains("id=\"pax-5\""), "{}", r.body);
    assert!(r.body.contains("other peace processes only"));
    assert!(
        r.body
            .contains("id=\"doc-other\" name=\"other_processes\" type=\"checkbox\" value=\"true\" checked>")
    );

    // An agreement: 1 carries 2's codes but TjAm, so it comes first.
    let r = get_at(addr, "/precedents?pax=2");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(row(&r.body, "rank-1").contains("href=\"#pax-1\">1</a>"));
    let section = &r.body[r.body.find("<section id=\"pax-1\">").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains("<dt>Only in the query</dt><dd><abbr title=\""),
        "{section}"
    );
    assert!(section.contains(">TjAm</abbr> 2</dd>"), "{section}");
    assert!(section.contains(">Ce</abbr> 2/2"), "{section}");
    assert!(section.contains("href=\"/precedents?pax=1\""));
    assert!(!r.body.contains("id=\"pax-2\""), "the query agreement is left out");
    let r = get_at(addr, "/precedents?pax=2&other_processes=true");
    assert!(!r.body.contains("id=\"pax-1\""), "Alpha is the query's own process");
    assert!(r.body.contains("id=\"pax-3\""));
    let r = get_at(addr, "/precedents?pax=4&top=1");
    assert!(r.body.contains("id=\"rank-1\"") && !r.body.contains("id=\"rank-2\""));
    let r = get_at(addr, "/precedents?pax=99");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("no agreement with id 99"), "{}", r.body);

    // The API: the precedents the library finds on the same rows.
    let read = truce_pax::read_agreements(File::open(dir.path().join("pax.csv")).unwrap(), "pax.csv").unwrap();
    let corpus = truce_precedents::Corpus::from_pax(&read.agreements).unwrap();
    let v = get_at(addr, "/api/v1/precedents?pax=2&top=3").json();
    assert_eq!(v["format"], "truce.precedents/1");
    assert_eq!(v["subject"]["kind"], "pax");
    assert_eq!(v["subject"]["pax"], 2);
    assert_eq!(v["top"], 3);
    assert_eq!(v["corpus"], 5);
    let expected = corpus
        .search(&truce_precedents::Query::new(corpus.profile(2).unwrap(), 3))
        .unwrap();
    assert_eq!(v["precedents"], serde_json::to_value(&expected).unwrap());
    assert_eq!(v["precedents"][0]["id"], 1);
    assert_eq!(v["precedents"][0]["only_query"][0]["code"], "TjAm");
    let v = get_at(addr, "/api/v1/precedents?doc=minsk-2014-2015/minsk-package").json();
    assert_eq!(v["subject"]["kind"], "document");
    assert_eq!(v["subject"]["document"], "minsk-package");
    assert_eq!(v["precedents"][0]["id"], 5);
    assert_eq!(v["precedents"][0]["score"], 1.0);
    let r = get_at(addr, "/api/v1/precedents?pax=99");
    assert_eq!((r.status, r.json()["error"].as_str()), (404, Some("not-found")));
}

#[test]
fn precedents_of_minsk_in_the_real_pax_export() {
    let Some(csv) = truce_testdata::shared_data(truce_testdata::PAX_V9) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = import_into_store(&csv, dir.path());
    let addr = start_at(&scenarios(), Some(store));
    // Minsk II (1364): the Minsk Protocol (1363) is the nearest.
    let v = get_at(addr, "/api/v1/precedents?pax=1364&top=3").json();
    assert_eq!(v["corpus"], 2144);
    assert_eq!(v["precedents"][0]["id"], 1363);
    assert_eq!(v["precedents"].as_array().unwrap().len(), 3);
    // The bundled minsk-package draft finds PA-X's Minsk II, then the Minsk Protocol.
    let v = get_at(addr, "/api/v1/precedents?doc=minsk-2014-2015/minsk-package").json();
    let ids: Vec<u64> = v["precedents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids[..2], [1364, 1363]);
    let v = get_at(
        addr,
        "/api/v1/precedents?doc=minsk-2014-2015/minsk-package&other_processes=true&top=10",
    )
    .json();
    for p in v["precedents"].as_array().unwrap() {
        assert_ne!(p["process_id"], 121, "{p}");
    }
    let r = get_at(addr, "/precedents?pax=1364");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Minsk Protocol"), "{}", r.body);
    assert!(row(&r.body, "rank-1").contains("href=\"#pax-1363\">1363</a>"));
}
