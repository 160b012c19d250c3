//! `truce serve` as a process: it stops cleanly on SIGTERM, and neither SIGTERM nor
//! SIGKILL during an upload leaves the store inconsistent (each batch of 10,000 events
//! is one transaction).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn serve(store: &Path, port: u16) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_truce"))
        .arg("--store")
        .arg(store)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start truce serve");
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

/// A UCDP file of `rows` valid events (the fixture's first row with new ids).
fn ucdp(rows: usize) -> Vec<u8> {
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../events/tests/fixtures/ucdp_small.csv"
    ))
    .unwrap();
    let mut lines = fixture.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let rest = &row[row.find(',').unwrap()..];
    let mut out = format!("{header}\n").into_bytes();
    for i in 0..rows {
        out.extend_from_slice(format!("{}{rest}\n", 100_000 + i).as_bytes());
    }
    out
}

/// Starts uploading `body` and returns once the request is on its way.
fn upload(port: u16, token: &str, body: Vec<u8>) -> std::thread::JoinHandle<Option<String>> {
    let token = token.to_owned();
    std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
        write!(
            s,
            "POST /api/v1/events?format=ucdp HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .ok()?;
        s.write_all(&body).ok()?;
        let mut reply = String::new();
        s.read_to_string(&mut reply).ok()?;
        Some(reply)
    })
}

fn signal(child: &Child, sig: &str) {
    let status = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn events_in(store: &Path) -> u64 {
    let s = truce_store::Store::open(store).unwrap();
    s.check_integrity().unwrap();
    s.event_count().unwrap()
}

#[test]
fn sigterm_lets_an_upload_finish_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    let (_, token) = truce_store::Store::open(&store).unwrap().create_token("t").unwrap();
    let port = free_port();
    let mut child = serve(&store, port);
    let rows = 60_000;
    let pending = upload(port, &token, ucdp(rows));
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "-TERM");
    let reply = pending.join().unwrap().unwrap_or_default();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let n = events_in(&store);
    if reply.starts_with("HTTP/1.1 200") {
        // The upload in flight was finished before the server stopped.
        assert_eq!(n, rows as u64, "{reply}");
    } else {
        // It had not reached the server: nothing half-written.
        assert_eq!(n % 10_000, 0, "{n} events: a batch was cut");
    }
}

#[test]
fn sigkill_during_an_upload_never_leaves_a_broken_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store.sqlite");
    let (_, token) = truce_store::Store::open(&store).unwrap().create_token("t").unwrap();
    let port = free_port();
    let mut child = serve(&store, port);
    let rows = 60_000;
    let pending = upload(port, &token, ucdp(rows));
    std::thread::sleep(Duration::from_millis(600));
    signal(&child, "-KILL");
    let _ = child.wait();
    let _ = pending.join();
    // Whatever was cut, the store opens, passes SQLite's integrity check, and holds
    // whole batches only.
    let n = events_in(&store);
    assert!(
        n == rows as u64 || n.is_multiple_of(10_000),
        "{n} events: a batch was cut"
    );
    // And a restarted server serves from it.
    let mut again = serve(&store, port);
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    signal(&again, "-TERM");
    assert!(again.wait().unwrap().success());
}

#[test]
fn a_bad_config_file_is_named_with_its_problem() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("truce-serve.toml");
    std::fs::write(&config, "bind = \"127.0.0.1:0\"\nport = 8080\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_truce"))
        .args(["serve", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("truce-serve.toml") && err.contains("port"), "{err}");
}
