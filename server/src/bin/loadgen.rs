//! `loadgen`: an open-loop HTTP GET load at a fixed rate, for `make bench`'s p99 check.
//!
//! wrk is closed-loop: a slow answer delays the next request, which hides latency
//! ("coordinated omission"). Here requests are due on a fixed schedule and each latency is
//! measured from when its request was due, so a stall shows up in the percentiles.
//!
//! `loadgen URL RATE SECONDS [CONNECTIONS]` prints one line:
//! `RESULT sent=.. ok=.. errors=.. rps=.. p50_us=.. p90_us=.. p99_us=.. max_us=..`
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

type Conn = BufReader<TcpStream>;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() >= 4,
        "usage: loadgen URL RATE SECONDS [CONNECTIONS]"
    );
    let url = args[1]
        .strip_prefix("http://")
        .ok_or_else(|| anyhow::anyhow!("only http:// URLs"))?;
    let (host, path) = url
        .split_once('/')
        .map(|(h, p)| (h.to_owned(), format!("/{p}")))
        .unwrap_or((url.to_owned(), "/".into()));
    let rate: u64 = args[2].parse()?;
    let seconds: u64 = args[3].parse()?;
    let connections: usize = args.get(4).map(|c| c.parse()).transpose()?.unwrap_or(64);
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: loadgen\r\n\r\n").into_bytes();

    let (idle_tx, mut idle_rx) = mpsc::channel::<Conn>(connections);
    for _ in 0..connections {
        idle_tx
            .send(BufReader::new(TcpStream::connect(&host).await?))
            .await?;
    }
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Result<u64, ()>>();
    let interval = Duration::from_nanos(1_000_000_000 / rate.max(1));
    let total = rate * seconds;
    let start = Instant::now();
    let mut late = 0u64;
    for i in 0..total {
        let due = start + interval * i as u32;
        tokio::time::sleep_until(due.into()).await;
        // An idle connection if there is one; otherwise a new one (counted as it waits).
        let conn = match idle_rx.try_recv() {
            Ok(c) => Some(c),
            Err(_) => {
                late += 1;
                None
            }
        };
        let (request, idle_tx, done_tx, host) = (
            request.clone(),
            idle_tx.clone(),
            done_tx.clone(),
            host.clone(),
        );
        tokio::spawn(async move {
            let conn = match conn {
                Some(c) => c,
                None => match TcpStream::connect(&host).await {
                    Ok(s) => BufReader::new(s),
                    Err(_) => {
                        let _ = done_tx.send(Err(()));
                        return;
                    }
                },
            };
            match exchange(conn, &request).await {
                Ok((conn, ok)) => {
                    let latency = due.elapsed().as_micros() as u64;
                    let _ = done_tx.send(if ok { Ok(latency) } else { Err(()) });
                    let _ = idle_tx.try_send(conn);
                }
                Err(_) => {
                    let _ = done_tx.send(Err(()));
                }
            }
        });
    }
    drop(done_tx);
    let mut latencies = Vec::with_capacity(total as usize);
    let mut errors = 0u64;
    while let Some(result) = tokio::time::timeout(Duration::from_secs(10), done_rx.recv())
        .await
        .ok()
        .flatten()
    {
        match result {
            Ok(l) => latencies.push(l),
            Err(()) => errors += 1,
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    };
    println!(
        "RESULT sent={total} ok={} errors={errors} extra_connections={late} rps={:.0} p50_us={} p90_us={} p99_us={} max_us={}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        pct(0.50),
        pct(0.90),
        pct(0.99),
        latencies.last().copied().unwrap_or(0)
    );
    Ok(())
}

/// Sends one request and reads one response with a Content-Length body.
async fn exchange(mut conn: Conn, request: &[u8]) -> std::io::Result<(Conn, bool)> {
    conn.get_mut().write_all(request).await?;
    let mut line = String::new();
    conn.read_line(&mut line).await?;
    let ok = line.split_whitespace().nth(1) == Some("200");
    let mut length = 0usize;
    loop {
        line.clear();
        if conn.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0u8; length];
    conn.read_exact(&mut body).await?;
    Ok((conn, ok))
}
