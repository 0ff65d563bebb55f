//! Precompiling an environment (`kiln precompile ENVDIR`): the dependency graph of the packages
//! its `Project.toml` lists, built in order, with packages whose dependencies are all built
//! running in parallel, each on a thread of its own with stores of its own.
//!
//! The graph comes from the packages' `Project.toml` files: the environment's `[deps]` are the
//! roots, and each package's `[deps]` are its edges, every name found as `using` finds it in the
//! environment ([`Depot::find`]; a name found nowhere, such as a standard library compiled into
//! the runtime, is not part of the graph). *Graph order* lists every package after its
//! dependencies, packages that are ready together by name; it is the order of every report, so
//! what is printed does not depend on which build finished first.
//!
//! A package whose image is up to date is not built again. A package that fails is reported with
//! its error; the packages that depend on it are not built.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::depot::{Depot, Package, read_project};
use crate::engine::Runtime;
use crate::precompile::{self, PrecompileReport};
use crate::record::Identities;
use crate::{Config, Error, Sink};

/// The packages of an environment in graph order, with the dependencies of each.
#[derive(Clone, Debug)]
pub struct Graph {
    /// Every package after its dependencies; packages that are ready together by name.
    pub packages: Vec<Package>,
    /// For each package, the indices (into `packages`) of its dependencies.
    pub deps: Vec<Vec<usize>>,
}

impl Graph {
    /// The graph of the environment in `depot.project`: its `[deps]` and, transitively, theirs.
    ///
    /// # Errors
    ///
    /// [`Error::Package`] when a `Project.toml` is malformed, a `[sources]` entry names something
    /// that is not the package, or the packages depend on each other in a cycle.
    pub fn of_environment(depot: &Depot) -> Result<Graph, Error> {
        let env = depot
            .project
            .clone()
            .ok_or_else(|| Error::package(".", "no environment to precompile"))?;
        let roots = dep_names(&env.join("Project.toml"))?;
        // Every package reachable from the roots, with the names of its dependencies found.
        let mut found: BTreeMap<String, (Package, Vec<String>)> = BTreeMap::new();
        let mut todo: Vec<String> = roots;
        while let Some(name) = todo.pop() {
            if found.contains_key(&name) {
                continue;
            }
            let Some(pkg) = depot.find(&name)? else {
                continue;
            };
            let toml = pkg.dir.join("Project.toml");
            let mut deps = Vec::new();
            if toml.is_file() {
                for dep in dep_names(&toml)? {
                    if dep != name && depot.find(&dep)?.is_some() {
                        todo.push(dep.clone());
                        deps.push(dep);
                    }
                }
            }
            found.insert(name, (pkg, deps));
        }
        // Kahn's algorithm, taking the ready packages by name.
        let mut ready: BTreeSet<&str> = found
            .iter()
            .filter(|(_, (_, deps))| deps.is_empty())
            .map(|(n, _)| n.as_str())
            .collect();
        let mut order: Vec<&str> = Vec::new();
        while let Some(name) = ready.pop_first() {
            order.push(name);
            for (other, (_, deps)) in &found {
                if !order.contains(&other.as_str())
                    && deps.iter().all(|d| order.contains(&d.as_str()))
                {
                    ready.insert(other);
                }
            }
        }
        if order.len() < found.len() {
            let cycle: Vec<&str> = found
                .keys()
                .map(String::as_str)
                .filter(|n| !order.contains(n))
                .collect();
            return Err(Error::package(
                &env,
                format!(
                    "circular dependency among `{}`: none can be precompiled first",
                    cycle.join("`, `")
                ),
            ));
        }
        let index = |n: &str| order.iter().position(|m| *m == n).expect("in the order");
        let deps = order
            .iter()
            .map(|n| {
                let mut d: Vec<usize> = found[*n].1.iter().map(|m| index(m)).collect();
                d.sort_unstable();
                d.dedup();
                d
            })
            .collect();
        let packages = order.iter().map(|n| found[*n].0.clone()).collect();
        Ok(Graph { packages, deps })
    }
}

/// The names under `[deps]` in the `Project.toml` at `path`, sorted.
fn dep_names(path: &Path) -> Result<Vec<String>, Error> {
    match read_project(path)?.get("deps") {
        None => Ok(Vec::new()),
        Some(toml::Value::Table(deps)) => Ok(deps.keys().cloned().collect()),
        Some(_) => Err(Error::package(path, "`[deps]` must be a table")),
    }
}

/// What became of one package of the environment.
#[derive(Debug)]
pub enum Outcome {
    /// Precompiled now.
    Built(Box<PrecompileReport>),
    /// Its image was up to date; nothing was done.
    UpToDate(PathBuf),
    /// Its build failed.
    Failed(Error),
    /// Not built, because the build of this dependency failed (or was not built itself).
    Skipped(String),
}

/// One package's result.
#[derive(Debug)]
pub struct PackageBuild {
    /// The package's name.
    pub name: String,
    pub outcome: Outcome,
    /// What the package printed while being defined and exercised (its stdout and stderr).
    pub output: Vec<u8>,
    /// How long its build took.
    pub took: Duration,
}

/// What precompiling an environment did, package by package in graph order.
#[derive(Debug)]
pub struct EnvironmentReport {
    pub packages: Vec<PackageBuild>,
}

/// A package's build started or finished, as the builds run (in no fixed order: a display
/// that must be deterministic orders them by [`Event::index`]).
#[derive(Debug)]
pub enum Event<'a> {
    /// The graph is known: the packages in graph order.
    Planned(&'a [Package]),
    /// Package `index` (in graph order) started building.
    Started { index: usize, name: &'a str },
    /// Package `index` is done (built, up to date, failed or skipped).
    Finished {
        index: usize,
        build: &'a PackageBuild,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Waiting,
    Running,
    Ok,
    NotOk,
}

struct Schedule {
    status: Vec<Status>,
    results: Vec<Option<PackageBuild>>,
}

/// Precompiles every package of the environment in `config.project`, `jobs` at a time.
pub(crate) fn run(
    rt: &Runtime,
    config: &Config,
    jobs: usize,
    events: &(dyn Fn(Event<'_>) + Sync),
) -> Result<EnvironmentReport, Error> {
    let depot = Depot {
        project: config.project.clone(),
        load_path: config.load_path.clone(),
        root: config.depot.clone(),
    };
    let graph = Graph::of_environment(&depot)?;
    events(Event::Planned(&graph.packages));
    let n = graph.packages.len();
    let deadline = config.limits.timeout.map(|t| Instant::now() + t);
    let schedule = Mutex::new(Schedule {
        status: vec![Status::Waiting; n],
        results: (0..n).map(|_| None).collect(),
    });
    let wake = Condvar::new();
    let worker = || {
        loop {
            let index = {
                let mut s = lock(&schedule);
                loop {
                    if s.status
                        .iter()
                        .all(|st| matches!(st, Status::Ok | Status::NotOk))
                    {
                        return;
                    }
                    let next = (0..n).find(|&i| {
                        s.status[i] == Status::Waiting
                            && graph.deps[i].iter().all(|&d| s.status[d] == Status::Ok)
                    });
                    if let Some(i) = next {
                        s.status[i] = Status::Running;
                        break i;
                    }
                    s = wake
                        .wait(s)
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                }
            };
            let pkg = &graph.packages[index];
            events(Event::Started {
                index,
                name: &pkg.name,
            });
            let build = build_one(rt, config, deadline, &depot, pkg);
            let ok = matches!(build.outcome, Outcome::Built(_) | Outcome::UpToDate(_));
            events(Event::Finished {
                index,
                build: &build,
            });
            let mut s = lock(&schedule);
            s.status[index] = if ok { Status::Ok } else { Status::NotOk };
            s.results[index] = Some(build);
            if !ok {
                // Whatever depends on it, directly or not, is not built.
                for i in 0..n {
                    if s.status[i] != Status::Waiting {
                        continue;
                    }
                    if let Some(&d) = graph.deps[i]
                        .iter()
                        .find(|&&d| s.status[d] == Status::NotOk)
                    {
                        let skipped = PackageBuild {
                            name: graph.packages[i].name.clone(),
                            outcome: Outcome::Skipped(graph.packages[d].name.clone()),
                            output: Vec::new(),
                            took: Duration::ZERO,
                        };
                        events(Event::Finished {
                            index: i,
                            build: &skipped,
                        });
                        s.status[i] = Status::NotOk;
                        s.results[i] = Some(skipped);
                    }
                }
            }
            wake.notify_all();
        }
    };
    // Each build runs the runtime, which needs the stack the command gives its own thread.
    let stack = config.limits.max_stack.saturating_mul(2).max(8 << 20);
    std::thread::scope(|scope| -> Result<(), Error> {
        let mut threads = Vec::new();
        for i in 0..jobs.clamp(1, n.max(1)) {
            let t = std::thread::Builder::new()
                .name(format!("kiln-precompile-{i}"))
                .stack_size(stack)
                .spawn_scoped(scope, worker)
                .map_err(|e| Error::Runtime(format!("cannot start a precompile thread: {e}")))?;
            threads.push(t);
        }
        for t in threads {
            if let Err(panic) = t.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Ok(())
    })?;
    let s = schedule
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Ok(EnvironmentReport {
        packages: s
            .results
            .into_iter()
            .map(|r| r.expect("every package is done"))
            .collect(),
    })
}

/// Builds `pkg` unless its image is up to date, with its output captured.
fn build_one(
    rt: &Runtime,
    config: &Config,
    deadline: Option<Instant>,
    depot: &Depot,
    pkg: &Package,
) -> PackageBuild {
    let start = Instant::now();
    let output = Sink::buffer();
    let outcome = match Identities::new(config.grants.environment()).identify(depot, pkg) {
        Ok(Some(current)) if current.image.is_some() => {
            Outcome::UpToDate(current.image.map(|(path, _)| path).expect("checked"))
        }
        Ok(_) => {
            let mut config = config.clone();
            config.stdout = output.clone();
            config.stderr = output.clone();
            match precompile::build(rt, &config, deadline, depot, pkg, None, &mut Vec::new()) {
                Ok(report) => Outcome::Built(Box::new(report)),
                Err(e) => Outcome::Failed(e),
            }
        }
        Err(e) => Outcome::Failed(e),
    };
    PackageBuild {
        name: pkg.name.clone(),
        outcome,
        output: output.take(),
        took: start.elapsed(),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
