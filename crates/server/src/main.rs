//! `lotsen`: the command line. Serves the application, loads the demo, migrates, and
//! administers förbund and users.

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use lotsen_core::admin::{forbund, lokus, users};
use lotsen_core::{CoreError, Ctx};
use lotsen_domain::{Grant, Role};
use lotsen_server::config::Config;
use lotsen_server::{Database, serve, shutdown_signal};
use std::time::Instant;

mod import_deltagare;

#[derive(Parser)]
#[command(
    name = "lotsen",
    version,
    about = "Lotsen – ärendestöd för samordningsförbund (FINSAM)",
    long_about = "Lotsen – ärendestöd för samordningsförbund (FINSAM).\n\n\
        Configuration comes from the environment: DATABASE_URL (optional; without it Lotsen runs \
        its own PostgreSQL cluster under $LOTSEN_DATA_DIR/pg), LOTSEN_ADDR (127.0.0.1:8080), \
        LOTSEN_DATA_DIR (./lotsen-data), LOTSEN_APP_DB_PASSWORD, LOTSEN_COOKIE_SECURE, \
        LOTSEN_TRUSTED_PROXIES, LOTSEN_SESSION_IDLE_MINUTES, LOTSEN_SESSION_MAX_HOURS, \
        LOTSEN_LOG_FORMAT (text|json), RUST_LOG; for e-mail notices LOTSEN_SMTP_URL and \
        LOTSEN_MAIL_FROM (both, or neither: no mail) and LOTSEN_PUBLIC_URL (the links' base, \
        default http://$LOTSEN_ADDR)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (migrates the database first).
    Serve,
    /// Run the server with the demo förbund, logins and two years of ärenden loaded (into an
    /// empty database).
    Demo,
    /// Run pending database migrations and exit.
    Migrate,
    /// Add N generated demo ärenden over both demo förbund, all their LOKUS groups and the
    /// years since 2019, for benchmarks (loads the demo first into an empty database). Runs as
    /// the database owner; from 20 000 ärenden on it locks the ärende tables until it is done.
    SeedDemo {
        /// How many ärenden to add.
        #[arg(long, default_value_t = 0)]
        arenden: u64,
        /// How many participants to add to the demo's insatser (benchmarks of the participant
        /// figures).
        #[arg(long, default_value_t = 0)]
        deltagare: u64,
    },
    /// Administer förbund.
    Forbund {
        #[command(subcommand)]
        command: ForbundCommand,
    },
    /// Administer users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import data from files.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Export figures to files.
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Export the nulägesanalys figures (DESIGN §6.5) of a förbund or one LOKUS group for a
    /// period (inclusive, on the date received) as CSV or XLSX. Audited as an export.
    Nulagesanalys {
        /// The förbund's short name (slug), e.g. fjardlunda.
        #[arg(long)]
        forbund: String,
        /// A LOKUS group's code, e.g. STL; without it, the whole förbund.
        #[arg(long)]
        lokus: Option<String>,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        fran: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        till: String,
        /// csv or xlsx.
        #[arg(long)]
        format: String,
        /// Suppress small counts (threshold from the förbund's settings), for figures that
        /// leave the förbund.
        #[arg(long)]
        undertryck: bool,
        /// The file to write.
        #[arg(short = 'o', long = "output")]
        output: std::path::PathBuf,
    },
    /// Export the participant figures (DESIGN §6.5) of one insats, a LOKUS group's insatser or
    /// the whole förbund for a period (inclusive) as CSV or XLSX. Audited as an export.
    Deltagare {
        /// The förbund's short name (slug), e.g. fjardlunda.
        #[arg(long)]
        forbund: String,
        /// An insats's code; without it (and without --lokus), every insats of the förbund.
        #[arg(long, conflicts_with = "lokus")]
        insats: Option<String>,
        /// A LOKUS group's code: the insatser that take people from it.
        #[arg(long)]
        lokus: Option<String>,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        fran: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        till: String,
        /// csv or xlsx.
        #[arg(long)]
        format: String,
        /// Suppress small counts (threshold from the förbund's settings), for figures that
        /// leave the förbund.
        #[arg(long)]
        undertryck: bool,
        /// The file to write.
        #[arg(short = 'o', long = "output")]
        output: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import lots-ärenden from a CSV file into one LOKUS group (DESIGN §6.4). All or nothing:
    /// with any invalid row nothing is imported, every problem is printed with line, column
    /// and reason, and the exit code is 1. Rows imported before (same content) are skipped, so
    /// importing the same file again creates nothing. Descriptions and handläggare codes must
    /// hold no names or personnummer.
    Arenden {
        /// The förbund's short name (slug), e.g. fjardlunda.
        #[arg(long)]
        forbund: String,
        /// The LOKUS group's code, e.g. STL.
        #[arg(long)]
        lokus: String,
        /// The CSV file with a header row, `;` or `,` separated: UTF-8 (with or without BOM) or
        /// Windows-1252 as Excel saves "CSV (semikolonavgränsad)", which is converted. Unknown
        /// columns are left out and listed.
        file: std::path::PathBuf,
    },
    /// Import participants of one insats from a coach's list saved as CSV (DESIGN §6.4b),
    /// always without identity: a name or personnummer column, or a personnummer-shaped value,
    /// stops the file. All or nothing, errors per line; rows imported before are skipped.
    Deltagare {
        /// The förbund's short name (slug), e.g. fjardlunda.
        #[arg(long)]
        forbund: String,
        /// The insats's code, e.g. STL-COACH.
        #[arg(long)]
        insats: String,
        /// The CSV file with a header row, `;` or `,` separated, UTF-8 or Windows-1252.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum ForbundCommand {
    /// Create a förbund and its first förbund-admin; prints the admin's one-time password.
    Add {
        #[arg(long)]
        namn: String,
        #[arg(long)]
        slug: String,
        #[arg(long)]
        organisationsnummer: String,
        #[arg(long)]
        admin_namn: String,
        #[arg(long)]
        admin_epost: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a person: to a förbund (with roles) or as a system administrator. Prints a
    /// one-time password that must be changed at first login.
    Add {
        #[arg(long)]
        namn: String,
        #[arg(long)]
        epost: String,
        /// The förbund's short name (slug), e.g. fjardlunda.
        #[arg(long, required_unless_present = "systemadmin")]
        forbund: Option<String>,
        /// A role, repeatable: forbund_admin, handlaggare, tillaggsresurs, insatsansvarig,
        /// dataskyddsombud, or koordinator:KOD, lokus_ordforande:KOD, lokus_ledamot:KOD.
        #[arg(long = "roll")]
        roller: Vec<String>,
        /// Make the person a system administrator (no förbund).
        #[arg(long, conflicts_with = "forbund")]
        systemadmin: bool,
    },
}

fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi);
    if json {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::from_env()?;
    init_tracing(config.log_json);
    match cli.command {
        Command::Serve => run_server(&config, false).await,
        Command::Demo => run_server(&config, true).await,
        Command::Migrate => {
            let db = Database::open(&config).await?;
            println!("Databasen är migrerad.");
            db.close().await
        }
        Command::SeedDemo { arenden, deltagare } => {
            let db = Database::open(&config).await?;
            let result = seed_demo(&db, arenden, deltagare).await;
            db.close().await?;
            result
        }
        Command::Forbund { command } => {
            let db = Database::open(&config).await?;
            let result = forbund_command(&db, command).await;
            db.close().await?;
            result
        }
        Command::User { command } => {
            let db = Database::open(&config).await?;
            let result = user_command(&db, command).await;
            db.close().await?;
            result
        }
        Command::Import { command } => {
            let db = Database::open(&config).await?;
            let result = import_command(&db, command).await;
            db.close().await?;
            result
        }
        Command::Export { command } => {
            let db = Database::open(&config).await?;
            let result = export_command(&db, command).await;
            db.close().await?;
            result
        }
    }
}

async fn run_server(config: &Config, demo: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = Database::open(config).await?;
    if demo {
        let loaded = lotsen_core::demo::load_if_empty(&db.db, &db.owner)
            .await
            .map_err(anyhow::Error::from)?;
        if let Some(g) = lotsen_core::demo::arenden::load(&db.owner)
            .await
            .map_err(explain)?
        {
            println!(
                "{} demoärenden är inlästa ({} ms).",
                g.arenden,
                g.elapsed.as_millis()
            );
        }
        let moten = lotsen_core::demo::moten::load(&db.owner)
            .await
            .map_err(explain)?;
        if moten > 0 {
            println!("{moten} LOKUS-möten är inlästa.");
        }
        if lotsen_core::demo::nulagesanalys::load(&db.owner)
            .await
            .map_err(explain)?
            > 0
        {
            println!("Nulägesanalysen för i år är inläst.");
        }
        let forfragningar = lotsen_core::demo::forfragningar::load(&db.db)
            .await
            .map_err(explain)?;
        if forfragningar > 0 {
            println!("{forfragningar} förfrågningar från handläggare är inlästa.");
        }
        let deltagare = lotsen_core::demo::deltagare::load(&db.db)
            .await
            .map_err(explain)?;
        if deltagare > 0 {
            println!("{deltagare} deltagare i förbundets insatser är inlästa.");
        }
        let sip = lotsen_core::demo::sip::load(&db.db)
            .await
            .map_err(explain)?;
        if sip > 0 {
            println!("{sip} SIP på ärenden i STL och NRV är inlästa.");
        }
        print_demo_banner(config, loaded);
    }
    tracing::info!(
        addr = %config.addr,
        embedded = db.cluster.is_some(),
        mail = config.mail.is_some(),
        startup_ms = started.elapsed().as_millis() as u64,
        "Lotsen is listening"
    );
    let served = serve(db.db.clone(), config, shutdown_signal()).await;
    db.close().await?;
    served
}

fn print_demo_banner(config: &Config, loaded: bool) {
    println!();
    println!("Lotsen demo: http://{}", config.addr);
    if loaded {
        println!("Demodata är inläst (förbunden fjardlunda och kustbygd).");
    }
    println!("Inloggningar (lösenord {}):", lotsen_core::demo::PASSWORD);
    for (login, role) in lotsen_core::demo::LOGINS {
        println!("  {login:<34} {role}");
    }
    println!("Avsluta med Ctrl-C.");
    println!();
}

pub(crate) fn explain(e: CoreError) -> anyhow::Error {
    match e {
        CoreError::Invalid(errors) => anyhow::anyhow!(
            "{}",
            errors
                .0
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        CoreError::NotFound => anyhow::anyhow!("hittades inte"),
        CoreError::Unavailable(e) => anyhow::anyhow!("databasen kan inte nås: {e}"),
        CoreError::Internal(e) => e,
    }
}

async fn forbund_command(db: &Database, command: ForbundCommand) -> anyhow::Result<()> {
    let ForbundCommand::Add {
        namn,
        slug,
        organisationsnummer,
        admin_namn,
        admin_epost,
    } = command;
    let form = forbund::ForbundForm {
        namn,
        slug,
        organisationsnummer,
        admin_namn,
        admin_epost,
    };
    let created = forbund::create(&db.db, &Ctx::cli(None), &form)
        .await
        .map_err(explain)?;
    println!("Förbundet är skapat ({}).", created.forbund_id);
    match created.one_time_password {
        Some(p) => println!("Engångslösenord för {}: {p}", form.admin_epost.trim()),
        None => println!(
            "{} hade redan ett konto och är nu administratör.",
            form.admin_epost.trim()
        ),
    }
    Ok(())
}

async fn user_command(db: &Database, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add {
        namn,
        epost,
        forbund: slug,
        roller,
        systemadmin,
    } = command;
    let form = users::UserForm {
        namn,
        epost,
        arbetsplats: String::new(),
    };
    if systemadmin {
        if !roller.is_empty() {
            bail!("--roll gäller roller i ett förbund; en systemadministratör har inga.");
        }
        let created = users::create_system_admin(&db.db, &Ctx::cli(None), &form)
            .await
            .map_err(explain)?;
        print_password(&form.epost, created.one_time_password);
        return Ok(());
    }
    let slug = slug.context("ange --forbund eller --systemadmin")?;
    let active = forbund::by_slug(&db.db, &slug)
        .await
        .map_err(|_| anyhow::anyhow!("förbundet {slug:?} finns inte"))?;
    let ctx = Ctx::cli(Some(active));
    let groups = lokus::choices(&db.db, &ctx).await.map_err(explain)?;
    let mut grants = Vec::new();
    for r in &roller {
        let (code, kod) = match r.split_once(':') {
            Some((c, k)) => (c, Some(k)),
            None => (r.as_str(), None),
        };
        let role = Role::from_code(code).with_context(|| format!("okänd roll {code:?}"))?;
        let lokus = match (role.is_lokus_scoped(), kod) {
            (true, Some(kod)) => Some(
                groups
                    .iter()
                    .find(|(_, k, _)| k.eq_ignore_ascii_case(kod))
                    .map(|(id, _, _)| *id)
                    .with_context(|| format!("LOKUS-gruppen {kod:?} finns inte i {slug}"))?,
            ),
            (false, None) => None,
            (true, None) => bail!("rollen {code} behöver en LOKUS-kod, t.ex. {code}:STL"),
            (false, Some(_)) => {
                bail!("rollen {code} gäller hela förbundet och tar ingen LOKUS-kod")
            }
        };
        grants.push(Grant { role, lokus });
    }
    let created = users::create(&db.db, &ctx, &form).await.map_err(explain)?;
    users::set_roles(&db.db, &ctx, created.user_id, &grants)
        .await
        .map_err(explain)?;
    print_password(&form.epost, created.one_time_password);
    Ok(())
}

fn print_password(epost: &str, password: Option<String>) {
    match password {
        Some(p) => println!("Engångslösenord för {}: {p}", epost.trim()),
        None => println!(
            "{} hade redan ett konto och loggar in med sitt lösenord.",
            epost.trim()
        ),
    }
}

async fn import_command(db: &Database, command: ImportCommand) -> anyhow::Result<()> {
    let (slug, kod, file) = match command {
        ImportCommand::Arenden {
            forbund,
            lokus,
            file,
        } => (forbund, lokus, file),
        ImportCommand::Deltagare {
            forbund,
            insats,
            file,
        } => return import_deltagare::run(db, &forbund, &insats, &file).await,
    };
    let bytes =
        std::fs::read(&file).with_context(|| format!("kunde inte läsa {}", file.display()))?;
    let active = forbund::by_slug(&db.db, &slug)
        .await
        .map_err(|_| anyhow::anyhow!("förbundet {slug:?} finns inte"))?;
    let mut ctx = Ctx::cli(Some(active));
    let lokus = lokus::choices(&db.db, &ctx)
        .await
        .map_err(explain)?
        .into_iter()
        .find(|(_, k, _)| k.eq_ignore_ascii_case(kod.trim()))
        .map(|(id, _, _)| id)
        .with_context(|| format!("LOKUS-gruppen {kod:?} finns inte i {slug}"))?;
    // The command line imports on the group's behalf, as its coordinator would.
    ctx.actor.grants.push(Grant {
        role: Role::Koordinator,
        lokus: Some(lokus),
    });
    eprintln!(
        "Observera: {}",
        lotsen_core::arende::import::PERSONAL_DATA_WARNING
    );
    let started = Instant::now();
    let report = lotsen_core::arende::import::import(&db.db, &ctx, lokus, &bytes)
        .await
        .map_err(explain)?;
    if let Some(notice) = report.encoding.notice() {
        eprintln!("{notice}");
    }
    if !report.ignored_columns.is_empty() {
        eprintln!(
            "Kolumner som inte läses in: {}.",
            report.ignored_columns.join("; ")
        );
    }
    if !report.errors.is_empty() {
        for e in &report.errors {
            eprintln!("{e}");
        }
        if report.rows == 0 {
            bail!("{}", report.failure().unwrap_or_default());
        }
        bail!(
            "{} fel i {} (rad 1 är rubrikraden). Ingenting importerades.",
            report.errors.len(),
            file.display()
        );
    }
    println!(
        "{}, {} fanns redan.",
        if report.new_rows == 1 {
            "1 ärende importerat".to_string()
        } else {
            format!("{} ärenden importerade", report.new_rows)
        },
        report.already
    );
    for n in &report.numbers {
        println!("  {}: {} – {} ({} st)", n.year, n.first, n.last, n.count);
    }
    for u in &report.new_units {
        println!("  Ny enhet: {u}");
    }
    if let Some(id) = report.import_id {
        println!("  I ärendelistan: /arenden?import={id}&status=alla");
    }
    println!("Tid: {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// A figure export's selection, parsed with the statistics page's parser and the Swedish
/// "today".
async fn parse_selection(
    db: &Database,
    lokus: Option<String>,
    fran: String,
    till: String,
    format: &str,
    undertryck: bool,
) -> anyhow::Result<(
    lotsen_domain::statistik::SelectionInput,
    lotsen_core::statistik::ExportFormat,
)> {
    use lotsen_domain::statistik::{PeriodForm, SelectionForm};
    let form = SelectionForm {
        lokus: lokus.unwrap_or_default(),
        period: PeriodForm {
            fran,
            till,
            ..PeriodForm::default()
        },
        format: format.to_string(),
        undertryck: if undertryck {
            "1".into()
        } else {
            String::new()
        },
    };
    let mut conn = db.db.pool().acquire().await?;
    let today = lotsen_core::db::today(&mut conn).await?;
    drop(conn);
    let input = form.parse(today).map_err(|errors| {
        let text: Vec<String> = errors
            .0
            .iter()
            .map(|e| format!("--{}: {}", e.field, e.message))
            .collect();
        anyhow::anyhow!(text.join("\n"))
    })?;
    let format = input
        .format
        .with_context(|| format!("okänt format {format:?}: välj csv eller xlsx"))?;
    Ok((input, format))
}

/// `lotsen export deltagare`: the participant tables of an insats, a group's insatser or the
/// förbund.
#[allow(clippy::too_many_arguments)]
async fn export_deltagare(
    db: &Database,
    slug: String,
    insats: Option<String>,
    lokus: Option<String>,
    fran: String,
    till: String,
    format: String,
    undertryck: bool,
    output: std::path::PathBuf,
) -> anyhow::Result<()> {
    use lotsen_core::statistik::deltagare::{self, Omfang, Urval};
    let active = forbund::by_slug(&db.db, &slug)
        .await
        .map_err(|_| anyhow::anyhow!("förbundet {slug:?} finns inte"))?;
    let ctx = Ctx::cli(Some(active));
    let (input, format) = parse_selection(db, lokus, fran, till, &format, undertryck).await?;
    let omfang = match (&insats, &input.lokus) {
        (Some(k), _) => Omfang::Insats(
            deltagare::insats_by_code(&db.db, &ctx, k)
                .await
                .map_err(|_| anyhow::anyhow!("insatsen {k:?} finns inte i {slug}"))?,
        ),
        (None, Some(k)) => Omfang::Lokus(
            deltagare::lokus_by_code(&db.db, &ctx, k)
                .await
                .map_err(|_| anyhow::anyhow!("LOKUS-gruppen {k:?} finns inte i {slug}"))?,
        ),
        (None, None) => Omfang::Forbund,
    };
    let started = Instant::now();
    let file = deltagare::export(
        &db.db,
        &ctx,
        Urval {
            omfang,
            period: input.period,
            suppress: input.suppress,
        },
        format,
    )
    .await
    .map_err(explain)?;
    std::fs::write(&output, &file.bytes)
        .with_context(|| format!("kunde inte skriva {}", output.display()))?;
    println!(
        "Skrev {} ({} byte) på {:.2} s.",
        output.display(),
        file.bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn export_command(db: &Database, command: ExportCommand) -> anyhow::Result<()> {
    use lotsen_core::statistik::{self, Selection};
    let (slug, kod, fran, till, format, undertryck, output) = match command {
        ExportCommand::Nulagesanalys {
            forbund,
            lokus,
            fran,
            till,
            format,
            undertryck,
            output,
        } => (forbund, lokus, fran, till, format, undertryck, output),
        ExportCommand::Deltagare {
            forbund,
            insats,
            lokus,
            fran,
            till,
            format,
            undertryck,
            output,
        } => {
            return export_deltagare(
                db, forbund, insats, lokus, fran, till, format, undertryck, output,
            )
            .await;
        }
    };
    let active = forbund::by_slug(&db.db, &slug)
        .await
        .map_err(|_| anyhow::anyhow!("förbundet {slug:?} finns inte"))?;
    let ctx = Ctx::cli(Some(active));
    let (input, format) = parse_selection(db, kod, fran, till, &format, undertryck).await?;
    let lokus = match &input.lokus {
        Some(k) => Some(
            statistik::lokus_by_code(&db.db, &ctx, k)
                .await
                .map_err(|_| anyhow::anyhow!("LOKUS-gruppen {k:?} finns inte i {slug}"))?,
        ),
        None => None,
    };
    let (period, undertryck) = (input.period, input.suppress);
    let started = Instant::now();
    let file = statistik::export(
        &db.db,
        &ctx,
        Selection {
            lokus,
            period,
            suppress: undertryck,
        },
        format,
    )
    .await
    .map_err(explain)?;
    std::fs::write(&output, &file.bytes)
        .with_context(|| format!("kunde inte skriva {}", output.display()))?;
    println!(
        "Skrev {} ({} byte) på {:.2} s.",
        output.display(),
        file.bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn seed_demo(db: &Database, arenden: u64, deltagare: u64) -> anyhow::Result<()> {
    lotsen_core::demo::load_if_empty(&db.db, &db.owner)
        .await
        .map_err(explain)?;
    lotsen_core::demo::arenden::load(&db.owner)
        .await
        .map_err(explain)?;
    let g = lotsen_core::demo::arenden::seed(&db.owner, arenden)
        .await
        .map_err(explain)?;
    println!(
        "{} ärenden med {} åtgärder och {} händelser skapades på {:.1} s.",
        g.arenden,
        g.atgarder,
        g.handelser,
        g.elapsed.as_secs_f64()
    );
    if deltagare > 0 {
        let started = std::time::Instant::now();
        let n = lotsen_core::demo::deltagare::seed(&db.owner, deltagare)
            .await
            .map_err(explain)?;
        println!(
            "{n} deltagare skapades på {:.1} s.",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
