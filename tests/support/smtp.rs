//! A real SMTP server for tests (a sink): listens on 127.0.0.1 on a free port, speaks enough
//! SMTP for lettre and other clients (greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA with
//! dot-unstuffing, RSET, NOOP, QUIT) and keeps every message it accepts, envelope and raw
//! data, for assertions. It runs on its own thread and runtime, so it serves whatever the
//! test's runtime is doing, and also a child process (`LOTSEN_SMTP_URL`). Stopped when dropped.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message the sink accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope's `MAIL FROM` address.
    pub from: String,
    /// The envelope's `RCPT TO` addresses.
    pub to: Vec<String>,
    /// The message as sent after `DATA`, dot-unstuffed, lines joined with CRLF.
    pub data: String,
}

/// What the sink received; cheap to clone and share.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub addr: SocketAddr,
    messages: Arc<Mutex<Vec<Received>>>,
}

impl Inbox {
    /// `smtp://127.0.0.1:PORT` (plain SMTP), for `LOTSEN_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// Waits until at least `n` messages have arrived (or `within` has passed) and returns all.
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let all = self.messages();
            if all.len() >= n || Instant::now() > deadline {
                return all;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The running sink.
pub struct SmtpSink {
    inbox: Inbox,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding the sink");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let addr = std_listener.local_addr().expect("sink address");
        let messages = Arc::new(Mutex::new(Vec::new()));
        let inbox = Inbox {
            addr,
            messages: messages.clone(),
        };
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("sink runtime");
            rt.block_on(async move {
                let listener = TcpListener::from_std(std_listener).expect("sink listener");
                loop {
                    tokio::select! {
                        _ = &mut stopped => break,
                        accepted = listener.accept() => {
                            if let Ok((stream, _)) = accepted {
                                tokio::spawn(session(stream, messages.clone()));
                            }
                        }
                    }
                }
            });
        });
        SmtpSink {
            inbox,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn inbox(&self) -> Inbox {
        self.inbox.clone()
    }

    pub fn url(&self) -> String {
        self.inbox.url()
    }

    pub fn messages(&self) -> Vec<Received> {
        self.inbox.messages()
    }

    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        self.inbox.wait_for(n, within).await
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The address inside `FROM:<a@b> SIZE=…` or `TO:<a@b>`.
fn path_arg(rest: &str) -> Option<String> {
    let start = rest.find('<')? + 1;
    let end = rest[start..].find('>')? + start;
    Some(rest[start..end].to_string())
}

/// One line without its CRLF, or `None` when the client has gone.
async fn read_line(lines: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> Option<String> {
    let mut buf = Vec::new();
    match lines.read_until(b'\n', &mut buf).await {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(
            String::from_utf8_lossy(&buf)
                .trim_end_matches(['\r', '\n'])
                .to_string(),
        ),
    }
}

async fn session(stream: TcpStream, messages: Arc<Mutex<Vec<Received>>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let mut from: Option<String> = None;
    let mut to: Vec<String> = Vec::new();
    macro_rules! reply {
        ($text:expr) => {
            if write.write_all($text.as_bytes()).await.is_err() {
                return;
            }
        };
    }
    reply!("220 sink.lotsen.test ESMTP test sink\r\n");
    loop {
        let Some(line) = read_line(&mut lines).await else {
            return;
        };
        let line = line.as_str();
        let upper = line.to_ascii_uppercase();
        let verb = upper.split_whitespace().next().unwrap_or("");
        match verb {
            "EHLO" => reply!("250-sink.lotsen.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"),
            "HELO" => reply!("250 sink.lotsen.test\r\n"),
            "MAIL" if upper.starts_with("MAIL FROM:") => match path_arg(&line[10..]) {
                Some(a) => {
                    from = Some(a);
                    to.clear();
                    reply!("250 OK\r\n");
                }
                None => reply!("501 Syntax: MAIL FROM:<address>\r\n"),
            },
            "RCPT" if upper.starts_with("RCPT TO:") => {
                if from.is_none() {
                    reply!("503 MAIL first\r\n");
                    continue;
                }
                match path_arg(&line[8..]) {
                    Some(a) => {
                        to.push(a);
                        reply!("250 OK\r\n");
                    }
                    None => reply!("501 Syntax: RCPT TO:<address>\r\n"),
                }
            }
            "DATA" => {
                if from.is_none() || to.is_empty() {
                    reply!("503 RCPT first\r\n");
                    continue;
                }
                reply!("354 End data with <CR><LF>.<CR><LF>\r\n");
                let mut data: Vec<String> = Vec::new();
                loop {
                    let Some(l) = read_line(&mut lines).await else {
                        return;
                    };
                    if l == "." {
                        break;
                    }
                    // Dot-unstuffing (RFC 5321 §4.5.2).
                    data.push(l.strip_prefix('.').unwrap_or(&l).to_string());
                }
                let received = Received {
                    from: from.take().unwrap_or_default(),
                    to: std::mem::take(&mut to),
                    data: data.join("\r\n"),
                };
                if let Ok(mut m) = messages.lock() {
                    m.push(received);
                }
                reply!("250 OK queued\r\n");
            }
            "RSET" => {
                from = None;
                to.clear();
                reply!("250 OK\r\n");
            }
            "NOOP" => reply!("250 OK\r\n"),
            "QUIT" => {
                reply!("221 Bye\r\n");
                return;
            }
            _ => reply!("502 Command not implemented\r\n"),
        }
    }
}

impl Received {
    /// The raw value of a header (unfolded), or `None`.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(v) = value.as_mut() {
                    v.push_str(line);
                }
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case(name)
            {
                value = Some(v.trim().to_string());
            }
        }
        value
    }

    /// The decoded subject (RFC 2047 encoded words, B and Q).
    pub fn subject(&self) -> String {
        decode_words(&self.header("Subject").unwrap_or_default())
    }

    /// The body as text, quoted-printable or base64 decoded per its Content-Transfer-Encoding.
    pub fn body(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "quoted-printable" => quoted_printable(body, false),
            "base64" => base64_decode(&body.replace("\r\n", "")),
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
    }

    /// Everything a reader could see: the decoded subject, the headers and the decoded body.
    pub fn readable(&self) -> String {
        format!("{}\n{}\n{}", self.subject(), self.data, self.body())
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn quoted_printable(text: &str, underscore_is_space: bool) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'=' if b[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            },
            b'_' if underscore_is_space => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .unwrap_or_default()
}

/// Decodes `=?charset?B?…?=` and `=?charset?Q?…?=` words (UTF-8 assumed); whitespace between
/// two encoded words is dropped, as RFC 2047 says.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let before = &rest[..start];
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let word = &rest[start + 2..];
        let parts: Vec<&str> = word.splitn(3, '?').collect();
        let Some(end) = parts.get(2).and_then(|p| p.find("?=")) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let (encoding, text) = (parts[1], &parts[2][..end]);
        let bytes = if encoding.eq_ignore_ascii_case("b") {
            base64_decode(text)
        } else {
            quoted_printable(text, true)
        };
        out.push_str(&String::from_utf8_lossy(&bytes));
        let consumed = 2 + parts[0].len() + 1 + parts[1].len() + 1 + end + 2;
        rest = &rest[start + consumed..];
        last_was_word = true;
    }
    out.push_str(rest);
    out
}
