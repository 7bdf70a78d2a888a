//! The managed local PostgreSQL cluster (DESIGN §6.1): initialised under a data directory
//! from the server binaries installed on the machine, reachable only through a private Unix
//! socket, started when needed and stopped by whoever started it.

use anyhow::{Context, bail};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The superuser the managed cluster is initialised with; it owns Lotsen's tables.
pub const OWNER: &str = "lotsen";
const PORT: u16 = 5432;
/// How long `pg_ctl start` may take, including crash recovery.
const START_TIMEOUT_SECONDS: &str = "600";

/// A managed cluster on disk, running or not.
#[derive(Debug, Clone)]
pub struct Cluster {
    pgdata: PathBuf,
    socket_dir: PathBuf,
    bindir: PathBuf,
    /// The system user that runs the server when Lotsen runs as root (PostgreSQL refuses root).
    run_as: Option<String>,
    /// Write every commit to disk (fsync). Only a throw-away test cluster turns it off.
    durable: bool,
}

/// A running cluster; `stop` stops it only if this process started it.
#[derive(Debug)]
pub struct RunningCluster {
    pub cluster: Cluster,
    pub started_here: bool,
}

impl Cluster {
    /// Describes the cluster kept under `dir` (usually `$LOTSEN_DATA_DIR/pg`).
    pub fn new(dir: &Path) -> anyhow::Result<Cluster> {
        let bindir = find_bindir()?;
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let dir = dir
            .canonicalize()
            .with_context(|| format!("resolving {}", dir.display()))?;
        let run_as = running_as_root().then(|| "postgres".to_string());
        let socket_dir = socket_dir_for(&dir);
        Ok(Cluster {
            pgdata: dir.join("data"),
            socket_dir,
            bindir,
            run_as,
            durable: true,
        })
    }

    /// A cluster that does not fsync: faster, and loses data on a crash. For test clusters only;
    /// it takes effect when the cluster is first initialised.
    pub fn without_fsync(mut self) -> Cluster {
        self.durable = false;
        self
    }

    pub fn pgdata(&self) -> &Path {
        &self.pgdata
    }

    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    pub fn port(&self) -> u16 {
        PORT
    }

    /// Initialises (if needed) and starts (if not running) the cluster.
    pub fn ensure_running(self) -> anyhow::Result<RunningCluster> {
        self.prepare_dirs()?;
        if !self.pgdata.join("PG_VERSION").exists() {
            self.initdb()?;
        }
        if self.is_running() {
            return Ok(RunningCluster {
                cluster: self,
                started_here: false,
            });
        }
        self.start()?;
        Ok(RunningCluster {
            cluster: self,
            started_here: true,
        })
    }

    /// True when a server answers on this cluster's socket.
    pub fn is_running(&self) -> bool {
        let out = self
            .command("pg_ctl")
            .arg("status")
            .arg("-D")
            .arg(&self.pgdata)
            .output();
        matches!(out, Ok(o) if o.status.success())
    }

    fn prepare_dirs(&self) -> anyhow::Result<()> {
        let parent = self.pgdata.parent().unwrap_or(&self.pgdata);
        for dir in [parent, self.socket_dir.as_path()] {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        std::fs::set_permissions(&self.socket_dir, std::fs::Permissions::from_mode(0o700))?;
        if let Some(user) = &self.run_as {
            let (uid, gid) = system_user_ids(user)?;
            for dir in [parent, self.socket_dir.as_path()] {
                std::os::unix::fs::chown(dir, Some(uid), Some(gid))
                    .with_context(|| format!("chown {} to {user}", dir.display()))?;
            }
            let reachable = Command::new("runuser")
                .args(["-u", user, "--", "test", "-w"])
                .arg(parent)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if !reachable {
                bail!(
                    "Systemanvändaren {user} kan inte nå {dir} (PostgreSQL körs som {user} när Lotsen körs som root). \
                     Välj en annan katalog med LOTSEN_DATA_DIR, t.ex. /var/lib/lotsen. / \
                     The system user {user} cannot reach {dir}; set LOTSEN_DATA_DIR to a directory it can reach.",
                    dir = parent.display()
                );
            }
        }
        Ok(())
    }

    fn initdb(&self) -> anyhow::Result<()> {
        tracing::info!(pgdata = %self.pgdata.display(), "initialising the local PostgreSQL cluster");
        let out = self
            .command("initdb")
            .arg("-D")
            .arg(&self.pgdata)
            .args([
                "-U",
                OWNER,
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--auth=trust",
                "-N",
            ])
            .output()
            .context("running initdb")?;
        if !out.status.success() {
            bail!(
                "initdb failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        // Only the private socket: no TCP listener, socket readable by the cluster's user only.
        let conf = format!(
            "\n# Managed by Lotsen\nlisten_addresses = ''\nunix_socket_directories = '{}'\n\
             unix_socket_permissions = 0700\nport = {PORT}\nmax_connections = 200\n\
             shared_buffers = 128MB\nfsync = {fsync}\nsynchronous_commit = {fsync}\n\
             full_page_writes = {fsync}\nlog_min_messages = warning\n",
            self.socket_dir.display(),
            fsync = if self.durable { "on" } else { "off" },
        );
        let conf_path = self.pgdata.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf_path).context("reading postgresql.conf")?;
        text.push_str(&conf);
        std::fs::write(&conf_path, text).context("writing postgresql.conf")?;
        Ok(())
    }

    fn start(&self) -> anyhow::Result<()> {
        let log = self
            .pgdata
            .parent()
            .unwrap_or(&self.pgdata)
            .join("server.log");
        let mut start = self.command("pg_ctl");
        start
            .arg("start")
            .arg("-D")
            .arg(&self.pgdata)
            .arg("-l")
            .arg(&log)
            // A server that was not shut down replays its WAL before it answers; a minute was
            // not always enough (a killed test cluster replayed 930 MB in 51 s).
            .args(["-w", "-t", START_TIMEOUT_SECONDS, "-s"]);
        if !self.durable {
            // Keeps the replay after a kill short: the test cluster writes gigabytes of WAL
            // copying template databases, and without fsync a checkpoint costs little.
            start.args(["-o", "-c max_wal_size=256MB -c checkpoint_timeout=60s"]);
        }
        let out = start.output().context("running pg_ctl start")?;
        if !out.status.success() {
            let tail = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = tail.lines().rev().take(5).collect();
            bail!(
                "PostgreSQL did not start: {} {}",
                String::from_utf8_lossy(&out.stderr).trim(),
                tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
            );
        }
        Ok(())
    }

    /// Stops the server (fast shutdown: open sessions are ended, data is safe).
    pub fn stop(&self) -> anyhow::Result<()> {
        if !self.is_running() {
            return Ok(());
        }
        let out = self
            .command("pg_ctl")
            .arg("stop")
            .arg("-D")
            .arg(&self.pgdata)
            .args(["-m", "fast", "-w", "-t", "60", "-s"])
            .output()
            .context("running pg_ctl stop")?;
        if !out.status.success() && self.is_running() {
            bail!(
                "PostgreSQL did not stop: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(())
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bindir.join(program);
        match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }
}

impl RunningCluster {
    /// Stops the cluster if this process started it; a cluster found running is left running.
    pub fn stop(&self) -> anyhow::Result<()> {
        if self.started_here {
            self.cluster.stop()?;
        }
        Ok(())
    }
}

/// The directory with `initdb`, `pg_ctl` and `postgres`: `pg_config --bindir`, or the newest
/// `/usr/lib/postgresql/*/bin`.
pub fn find_bindir() -> anyhow::Result<PathBuf> {
    if let Ok(dir) = std::env::var("LOTSEN_PG_BINDIR") {
        return Ok(PathBuf::from(dir));
    }
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        candidates.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    }
    if let Ok(entries) = std::fs::read_dir("/usr/lib/postgresql") {
        let mut versions: Vec<(u32, PathBuf)> = entries
            .flatten()
            .filter_map(|e| {
                let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
                Some((v, e.path().join("bin")))
            })
            .collect();
        versions.sort();
        candidates.extend(versions.into_iter().rev().map(|(_, p)| p));
    }
    candidates
        .into_iter()
        .find(|dir| dir.join("initdb").exists() && dir.join("pg_ctl").exists())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "PostgreSQL-serverns program hittades inte. Installera paketet postgresql \
                 (Debian/Ubuntu: apt-get install postgresql) eller ange DATABASE_URL. / \
                 PostgreSQL server binaries not found: install the `postgresql` package \
                 (initdb, pg_ctl) or set DATABASE_URL."
            )
        })
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

fn system_user_ids(user: &str) -> anyhow::Result<(u32, u32)> {
    let id = |flag: &str| -> anyhow::Result<u32> {
        let out = Command::new("id").arg(flag).arg(user).output()?;
        if !out.status.success() {
            bail!(
                "Lotsen körs som root men systemanvändaren {user} saknas (installera paketet postgresql). / \
                 Running as root needs the `{user}` system user."
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().parse()?)
    };
    Ok((id("-u")?, id("-g")?))
}

/// A socket path must fit in 107 bytes; deep data directories get a short directory in /tmp.
fn socket_dir_for(dir: &Path) -> PathBuf {
    let preferred = dir.join("run");
    if preferred.as_os_str().len() + ".s.PGSQL.5432".len() < 100 {
        return preferred;
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(dir.as_os_str().as_encoded_bytes());
    let short: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    std::env::temp_dir().join(format!("lotsen-pg-{short}"))
}

/// Waits until `check` holds or the time runs out.
pub fn wait_until(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + timeout;
    while std::time::Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    check()
}
