//! The precompile pipeline natively, without wasm: session A defines a package; session B (what
//! the wizer clone is in the real pipeline: the same deterministic state) runs the workload and
//! exports its new method instances; A imports them and serializes the image; a third session
//! loads the image. The host's CLI tests run the same steps through the real snapshot.

use std::path::PathBuf;

use kiln_guest::{NativeHost, Session};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn host(pkg: &str, dir: PathBuf) -> NativeHost {
    NativeHost {
        root: repo(),
        roots: vec![(pkg.to_string(), dir)],
        load_path: vec![repo().join("examples"), repo().join("tests/packages")],
        ..Default::default()
    }
}

struct Built {
    image: Vec<u8>,
    accepted: Vec<String>,
    /// Each accepted instance with the module its method belongs to.
    owners: Vec<(String, String)>,
    rejected: Vec<(String, String)>,
    workload_stdout: String,
    /// Tasks the workload left unfinished in the clone.
    tasks_left: u32,
}

fn precompile(pkg: &str, dir: PathBuf) -> Built {
    precompile_with(pkg, dir, &[])
}

/// Precompiles `pkg` in sessions that find the given images (name, bytes) for `using`.
fn precompile_with(pkg: &str, dir: PathBuf, images: &[(String, Vec<u8>)]) -> Built {
    let host = |pkg: &str, dir: PathBuf| {
        let h = host(pkg, dir);
        h.images.borrow_mut().extend(images.iter().cloned());
        h
    };
    let entry = format!("{pkg}/src/{pkg}.jl");
    let mut a = Session::new(Box::new(host(pkg, dir.clone())));
    let info = a
        .define_package(&entry, "hash")
        .unwrap_or_else(|d| panic!("define failed: {d:?}"));
    assert!(info.has_workload, "{pkg} registers a workload");
    let world = a.world_age();
    let hb = host(pkg, dir);
    let out = hb.stdout.clone();
    let mut b = Session::new(Box::new(hb));
    b.define_package(&entry, "hash").expect("define in clone");
    assert_eq!(
        b.world_age(),
        world,
        "the clone starts in the snapshot's world"
    );
    b.run_init(pkg)
        .unwrap_or_else(|d| panic!("__init__ failed: {d:?}"));
    let tasks_left = b
        .run_workload(pkg)
        .unwrap_or_else(|d| panic!("workload failed: {d:?}"));
    let bundle = b.export_method_instances(world).expect("export");
    let report = a.import_method_instances(&bundle).expect("import");
    let image = a.serialize_image(pkg).expect("serialize");
    let workload_stdout = String::from_utf8(out.borrow().clone()).expect("utf-8");
    Built {
        image,
        accepted: report.accepted.iter().map(|(n, _)| n.clone()).collect(),
        owners: report.accepted,
        rejected: report.rejected,
        workload_stdout,
        tasks_left,
    }
}

#[test]
fn workload_method_instances_reach_the_image_and_its_state_does_not() {
    let built = precompile("Greeter", repo().join("examples/Greeter"));
    for name in [
        "Greeter.greet(::String)",
        "Greeter.greet(::Greeter.Greeting)",
        "Greeter.shout(::String)",
        "Greeter.mean(::Vector{Float64})",
    ] {
        assert!(
            built.accepted.iter().any(|a| a == name),
            "{name} missing from {:?}",
            built.accepted
        );
    }
    // External method instances (Base's) compiled for the package are kept too.
    assert!(
        built.accepted.iter().any(|a| a == "sum(::Vector{Float64})"),
        "{:?}",
        built.accepted
    );
    // Each is reported with the module its method belongs to: the package's own, or Base's.
    let owner = |name: &str| {
        built
            .owners
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| m.as_str())
    };
    assert_eq!(owner("Greeter.greet(::String)"), Some("Greeter"));
    assert_eq!(owner("sum(::Vector{Float64})"), Some("Base"));
    assert!(built.rejected.is_empty(), "{:?}", built.rejected);

    let mut c = Session::new(Box::new(host("Greeter", repo().join("examples/Greeter"))));
    c.load_image(&built.image).expect("load image");
    let summary = {
        let mut d = Session::new(Box::new(NativeHost::default()));
        d.describe_image(&built.image).expect("describe")
    };
    let names: Vec<&str> = summary
        .method_instances
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert!(names.contains(&"Greeter.greet(::String)"), "{names:?}");
    let greet = summary
        .method_instances
        .iter()
        .find(|m| m.name == "Greeter.greet(::Greeter.Greeting)")
        .expect("greet(::Greeting)");
    assert!(
        greet
            .edges
            .iter()
            .any(|e| e.starts_with("Greeter.greet(::String)")),
        "{:?}",
        greet.edges
    );
    assert_eq!(greet.rettype, "String");
    // The workload greeted three times; the image's counter and list are untouched.
    let v = c
        .eval("(Greeter.greeted(), length(Greeter.GREETED))")
        .expect("eval");
    assert_eq!(v, "(0, 0)");
    let v = c.eval("Greeter.greet(\"x\")").expect("eval");
    assert_eq!(v, "\"Hello, x!\"");
    let v = c.eval("Greeter.greeted()").expect("eval");
    assert_eq!(v, "1");
}

#[test]
fn images_are_bit_identical_across_builds() {
    let a = precompile("Greeter", repo().join("examples/Greeter"));
    let b = precompile("Greeter", repo().join("examples/Greeter"));
    assert_eq!(a.image, b.image);
    assert!(a.image.starts_with(b"KILNIMG\0"));
}

/// The section table at the end of an image: (name, strings range, body range).
fn section_table(image: &[u8]) -> Vec<(String, [usize; 4])> {
    let sealed = &image[..image.len() - 32];
    let (rest, len) = sealed.split_last_chunk::<4>().unwrap();
    let mut t = &rest[rest.len() - u32::from_le_bytes(*len) as usize..];
    let n = t[0];
    t = &t[1..];
    (0..n)
        .map(|_| {
            let l = usize::from(t[0]);
            let name = String::from_utf8(t[1..=l].to_vec()).unwrap();
            t = &t[1 + l..];
            let mut r = [0; 4];
            for x in &mut r {
                *x = u32::from_le_bytes(t[..4].try_into().unwrap()) as usize;
                t = &t[4..];
            }
            (name, r)
        })
        .collect()
}

#[test]
fn the_section_table_covers_the_image_in_order() {
    let built = precompile("Greeter", repo().join("examples/Greeter"));
    let table = section_table(&built.image);
    let names: Vec<&str> = table.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "header",
            "table of contents",
            "modules",
            "types",
            "functions",
            "bindings",
            "methods",
            "method instances"
        ]
    );
    // Strings and body parts follow each other without gaps; the body follows the string table
    // and the section table follows the body.
    for w in table.windows(2) {
        assert_eq!(w[0].1[1], w[1].1[0], "strings of {} and {}", w[0].0, w[1].0);
        assert_eq!(w[0].1[3], w[1].1[2], "body of {} and {}", w[0].0, w[1].0);
    }
    let (first, last) = (&table[0].1, &table[table.len() - 1].1);
    assert_eq!(
        last[1], first[2],
        "the body starts where the string table ends"
    );
    assert!(first[0] > 12 && first[0] < first[2]);
    let len = u32::from_le_bytes(
        built.image[built.image.len() - 36..][..4]
            .try_into()
            .unwrap(),
    );
    assert_eq!(last[3] + len as usize + 4 + 32, built.image.len());
    // Every section of Greeter has a body; the header and the methods introduce strings.
    assert!(table.iter().all(|(_, r)| r[3] > r[2]));
    assert!(table[0].1[1] > table[0].1[0] && table[6].1[1] > table[6].1[0]);
}

#[test]
fn what_the_workload_defined_is_rejected_with_a_reason() {
    let built = precompile("Leaky", repo().join("tests/packages/Leaky"));
    let reason = |needle: &str| {
        built
            .rejected
            .iter()
            .find(|(name, _)| name.contains(needle))
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("no rejection for {needle}: {:?}", built.rejected))
    };
    assert!(reason("weight(::Temporary)").contains("Temporary"));
    assert!(reason("describe(::Leaky.Widget)").contains("label"));
    assert!(
        built
            .accepted
            .iter()
            .any(|a| a == "Leaky.total(::Vector{Leaky.Widget})"),
        "{:?}",
        built.accepted
    );
    let _ = built.workload_stdout;

    let mut c = Session::new(Box::new(host("Leaky", repo().join("tests/packages/Leaky"))));
    c.load_image(&built.image).expect("load image");
    assert_eq!(
        c.eval("(length(Leaky.CACHE), Leaky.counter)")
            .expect("eval"),
        "(0, 0)"
    );
    // The untouched session's dispatch: the workload's `label(::Widget)` is not there.
    assert_eq!(
        c.eval("Leaky.describe(Leaky.Widget(2))").expect("eval"),
        "\"thing of weight 1\""
    );
}

#[test]
fn what_the_workload_evaluated_into_the_package_is_rejected() {
    let built = precompile("Evaled", repo().join("tests/packages/Evaled"));
    let reason = |name: &str| {
        built
            .rejected
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("no rejection for {name}: {:?}", built.rejected))
    };
    assert!(reason("Evaled.area(::Evaled.Circle)").contains("`Circle`"));
    assert!(reason("Evaled.describe(::Evaled.Circle)").contains("`Circle`"));
    // Same signature as the package's own `scale`: without the bundle saying the method is the
    // workload's, the redefinition's code would be installed as the original's.
    assert!(
        reason("Evaled.scale(::Float64)").contains("was defined or redefined by the workload"),
        "{:?}",
        built.rejected
    );
    assert!(
        built.accepted.iter().any(|a| a == "Evaled.scale(::Int64)"),
        "{:?}",
        built.accepted
    );
    let mut c = Session::new(Box::new(host(
        "Evaled",
        repo().join("tests/packages/Evaled"),
    )));
    c.load_image(&built.image).expect("load image");
    assert_eq!(
        c.eval("(Evaled.scale(3), Evaled.scale(1.5), isdefined(Evaled, :Circle))")
            .expect("eval"),
        "(6, 3.0, false)"
    );
}

#[test]
fn corrupt_images_are_errors_not_panics() {
    let built = precompile("Greeter", repo().join("examples/Greeter"));
    let mut s = Session::new(Box::new(NativeHost::default()));
    assert!(
        s.load_image(b"not an image")
            .unwrap_err()
            .message
            .contains("not a kiln package image")
    );
    for cut in (0..built.image.len()).step_by(97) {
        let mut s = Session::new(Box::new(NativeHost::default()));
        let _ = s.load_image(&built.image[..cut]);
    }
    // Any flipped byte is caught by the checksum before decoding.
    let mut flipped = built.image.clone();
    for i in (12..flipped.len()).step_by(131) {
        flipped[i] ^= 0x5a;
        let mut s = Session::new(Box::new(NativeHost::default()));
        let err = s.load_image(&flipped).unwrap_err();
        assert!(err.message.contains("corrupt"), "byte {i}: {}", err.message);
        let err = s.describe_image(&flipped).unwrap_err();
        assert!(err.message.contains("corrupt"), "byte {i}: {}", err.message);
        flipped[i] ^= 0x5a;
    }
}

#[test]
fn dependencies_are_recorded_and_loaded_from_their_images() {
    let greeter = precompile("Greeter", repo().join("examples/Greeter"));
    let images = vec![("Greeter".to_string(), greeter.image.clone())];
    let built = precompile_with(
        "UsesGreeter",
        repo().join("tests/packages/UsesGreeter"),
        &images,
    );
    // The workload compiled Greeter's method for the dependent package; it is kept.
    assert!(
        built
            .accepted
            .iter()
            .any(|a| a == "UsesGreeter.welcome(::Vector{String})"),
        "{:?}",
        built.accepted
    );
    assert!(
        built
            .accepted
            .iter()
            .any(|a| a == "map(::typeof(Greeter.greet), ::Vector{String})"),
        "{:?}",
        built.accepted
    );

    let h = host("UsesGreeter", repo().join("tests/packages/UsesGreeter"));
    h.images.borrow_mut().extend(images.iter().cloned());
    let summary = {
        let mut s = Session::new(Box::new(h.clone()));
        s.describe_image(&built.image).expect("describe")
    };
    assert_eq!(summary.dependencies.len(), 1);
    assert_eq!(summary.dependencies[0].0, "Greeter");
    // Describing needs no dependency and runs no code.
    let alone = Session::new(Box::new(NativeHost::default()))
        .describe_image(&built.image)
        .expect("describe alone");
    assert_eq!(alone.method_instances, summary.method_instances);
    let names: Vec<&str> = summary
        .method_instances
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    // Greeter's own method instances came from Greeter's image; they are not copied into this one.
    assert!(
        !names.contains(&"Greeter.greet(::Greeter.Greeting)"),
        "{names:?}"
    );
    // Named by the content hash of its sources (what the host passed when it was defined).
    assert_eq!(summary.dependencies[0].1, "source:hash");
    let mut c = Session::new(Box::new(h));
    c.load_image(&built.image).expect("load");
    assert_eq!(
        c.eval("UsesGreeter.welcome([\"p\", \"q\"])").expect("eval"),
        "\"Hello, p! Hello, q!\""
    );
}

#[test]
fn an_image_built_against_another_dependency_is_stale_and_the_source_is_used() {
    let greeter = precompile("Greeter", repo().join("examples/Greeter"));
    let images = vec![("Greeter".to_string(), greeter.image.clone())];
    let built = precompile_with(
        "UsesGreeter",
        repo().join("tests/packages/UsesGreeter"),
        &images,
    );

    // This session has another Greeter (other sources) than the one UsesGreeter was built against.
    let h = host("UsesGreeter", repo().join("tests/packages/UsesGreeter"));
    h.images
        .borrow_mut()
        .push(("UsesGreeter".to_string(), built.image.clone()));
    let mut s = Session::new(Box::new(h));
    let err = s.load_image(&built.image).unwrap_err();
    assert!(
        err.message.contains("built against Greeter source:hash"),
        "{}",
        err.message
    );
    // `using` falls back to the source.
    assert_eq!(
        s.eval("using UsesGreeter; UsesGreeter.welcome([\"z\"])")
            .expect("eval"),
        "\"Hello, z!\""
    );
    let pkg = &s.rt.world.packages[&kiln_guest::symbol::Sym::new("UsesGreeter")];
    assert!(!pkg.from_image);
}

#[test]
fn a_workload_that_leaves_tasks_waiting_finishes_and_they_stay_out_of_the_image() {
    let dir = repo().join("tests/packages/TaskLeftovers");
    let built = precompile("TaskLeftovers", dir.clone());
    assert_eq!(
        built.workload_stdout,
        "total 30\nleaving 2 tasks on INBOX\n"
    );
    // Two takers on INBOX and one waiter on READY; the channel's producer task finished.
    assert_eq!(built.tasks_left, 3);
    assert!(
        built
            .accepted
            .iter()
            .any(|a| a == "TaskLeftovers.squares_total(::Int64)"),
        "{:?}",
        built.accepted
    );
    let mut c = Session::new(Box::new(host("TaskLeftovers", dir)));
    c.load_image(&built.image).expect("load image");
    assert_eq!(
        c.eval("(length(TaskLeftovers.INBOX.cond_take.waitq), length(TaskLeftovers.READY.waitq))")
            .expect("eval"),
        "(0, 0)"
    );
    assert_eq!(
        c.eval("TaskLeftovers.squares_total(3)").expect("eval"),
        "14"
    );
}

#[test]
fn calls_of_callable_structs_are_precompiled_and_load() {
    let built = precompile("Functors", repo().join("tests/packages/Functors"));
    assert_eq!(built.workload_stdout, "17.0 [1.0, 6.0]\np(0.5) = 2.750\n");
    assert!(built.rejected.is_empty(), "{:?}", built.rejected);
    for name in [
        "(::Functors.Poly)(::Float64)",
        "(::Functors.Poly)(::Vector{Float64})",
    ] {
        assert!(
            built.accepted.iter().any(|a| a == name),
            "{name} missing from {:?}",
            built.accepted
        );
    }
    let mut c = Session::new(Box::new(host(
        "Functors",
        repo().join("tests/packages/Functors"),
    )));
    c.load_image(&built.image).expect("load image");
    let v = c
        .eval("Functors.Poly([0.0, 1.0])(3.0)")
        .expect("calling an instance after loading");
    assert_eq!(v, "3.0");
    let v = c
        .eval("Functors.describe(Functors.Poly([1.0]), 2.0)")
        .expect("a method using Printf after loading");
    assert_eq!(v, "\"p(2.0) = 1.000\"");
}

#[test]
fn method_instances_specialized_on_a_package_s_closure_types_reach_the_image_and_load() {
    let dir = repo().join("tests/packages/Closures");
    let built = precompile("Closures", dir.clone());
    assert_eq!(built.workload_stdout, "[2, 4] [11, 12]\n2\n");
    assert!(built.rejected.is_empty(), "{:?}", built.rejected);
    // One instance of Base's `map` per closure type of the package, and the package's own
    // `apply` specialized on the type of the closure `ADD1`.
    for name in [
        "map(::Closures.var\"#1#2\", ::Vector{Int64})",
        "map(::Closures.var\"#3#4\", ::Vector{Int64})",
        "Closures.apply(::Closures.var\"#5#6\", ::Int64)",
    ] {
        assert!(
            built.accepted.iter().any(|a| a == name),
            "{name} missing from {:?}",
            built.accepted
        );
    }
    let hc = host("Closures", dir);
    let traced = hc.stderr.clone();
    let mut c = Session::new(Box::new(hc));
    c.load_image(&built.image).expect("load image");
    assert_eq!(
        c.eval("typeof(Closures.ADD1)").expect("eval"),
        "Closures.var\"#5#6\""
    );
    // The instances specialized on the closure types are used: nothing is compiled for them.
    c.set_trace_compile(true);
    assert_eq!(
        c.eval("(Closures.double([3]), Closures.shift([3], 1), Closures.apply(Closures.ADD1, 3))")
            .expect("calling the package's closures after loading"),
        "([6], [4], 4)"
    );
    let traced = String::from_utf8(traced.borrow().clone()).expect("utf-8");
    assert!(!traced.contains("var\"#"), "{traced}");
    // The closures the package's code makes after loading have the types of the image.
    assert_eq!(
        c.eval("typeof(Closures.ADD1) === getfield(Closures, Symbol(\"#5#6\"))")
            .expect("eval"),
        "true"
    );
    // And a closure defined in the module later gets a name of its own.
    assert_eq!(
        c.eval("typeof(Core.eval(Closures, :(y -> y)))")
            .expect("eval"),
        "Closures.var\"#7#8\""
    );
}

#[test]
fn named_tuples_keyword_splats_and_broadcasts_survive_the_image() {
    let dir = repo().join("tests/packages/Scaler");
    let built = precompile("Scaler", dir.clone());
    assert!(
        built
            .accepted
            .iter()
            .any(|a| a.starts_with("Scaler.transform(")),
        "{:?}",
        built.accepted
    );
    let mut c = Session::new(Box::new(host("Scaler", dir)));
    c.load_image(&built.image).expect("load");
    assert_eq!(
        c.eval("Scaler.DEFAULTS").expect("eval"),
        "(factor = 2, offset = 0.5)"
    );
    assert_eq!(
        c.eval("typeof(Scaler.DEFAULTS)").expect("eval"),
        "@NamedTuple{factor::Int64, offset::Float64}"
    );
    assert_eq!(
        c.eval("Scaler.transform([1, 2]; offset = 0)")
            .expect("eval"),
        "2-element Vector{Int64}:\n 2\n 4"
    );
    assert_eq!(
        c.eval("Scaler.settings(factor = 5)").expect("eval"),
        "(factor = 5, offset = 0.5)"
    );
}

#[test]
fn regexes_survive_the_image_and_are_compiled_again() {
    let dir = repo().join("tests/packages/Patterns");
    let built = precompile("Patterns", dir.clone());
    assert!(built.rejected.is_empty(), "{:?}", built.rejected);
    let mut c = Session::new(Box::new(host("Patterns", dir)));
    c.load_image(&built.image).expect("load");
    assert_eq!(
        c.eval("Patterns.KEY_VALUE").expect("eval"),
        "r\"(?<key>\\w+)\\s*=\\s*(?<value>[^;]*)\"i"
    );
    assert_eq!(
        c.eval(
            "Patterns.KEY_VALUE == Regex(\"(?<key>\\\\w+)\\\\s*=\\\\s*(?<value>[^;]*)\", \"i\")"
        )
        .expect("eval"),
        "true"
    );
    assert_eq!(
        c.eval("Patterns.parse_settings(\"X = 10; y=z\")[\"x\"]")
            .expect("a constant regex after loading"),
        "\"10\""
    );
    assert_eq!(
        c.eval("Patterns.shout(\"kiln image\")")
            .expect("a regex literal in a method after loading"),
        "\"kIln ImAgE\""
    );
}

#[test]
fn a_dict_in_an_image_iterates_in_the_same_order() {
    // A table with tombstones (deleted keys) and growth: re-inserting the keys into a fresh
    // table would not reproduce its order, so the image keeps the layout.
    let parent = std::env::temp_dir().join(format!("kiln-dictorder-{}", std::process::id()));
    let dir = parent.join("DictOrder");
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    std::fs::write(
        dir.join("Project.toml"),
        "name = \"DictOrder\"\nuuid = \"5e5c2f4a-7a1b-4c1e-9f7e-0d1c2b3a4f5e\"\n",
    )
    .expect("write");
    let src = r#"module DictOrder
const D = Dict{Int,Int}()
for i in 1:40
    D[i * 7] = i
end
for i in 2:3:40
    delete!(D, i * 7)
end
D[1000] = 0
const S = Set(["apple", "pear", "fig", "plum", "kiwi"])
mutable struct Box
    x::Int
end
const B = Box(1)
const M = Dict(B => "b", Box(2) => "c")
order() = string(collect(keys(D)), " ", collect(S), " ", D[1000], " ", M[B])
end # module

Base.precompilation(DictOrder) do
    DictOrder.order()
end
"#;
    std::fs::write(dir.join("src/DictOrder.jl"), src).expect("write");
    let built = precompile("DictOrder", dir.clone());
    // The same package evaluated from source.
    let mut h = host("DictOrder", dir.clone());
    h.load_path.push(parent.clone());
    let mut a = Session::new(Box::new(h));
    a.eval("using DictOrder").expect("using");
    let expected = a.eval("DictOrder.order()").expect("eval");
    let mut c = Session::new(Box::new(host("DictOrder", dir.clone())));
    c.load_image(&built.image).expect("load image");
    let got = c.eval("DictOrder.order()").expect("eval");
    assert_eq!(got, expected);
    // The loaded table still works: lookups, deletion and insertion.
    let v = c
        .eval("(delete!(DictOrder.D, 7); DictOrder.D[7] = 1; (DictOrder.D[7], DictOrder.D[1000], length(DictOrder.D)))")
        .expect("eval");
    let w = a
        .eval("(delete!(DictOrder.D, 7); DictOrder.D[7] = 1; (DictOrder.D[7], DictOrder.D[1000], length(DictOrder.D)))")
        .expect("eval");
    assert_eq!(v, w);
    assert_eq!(
        c.eval("collect(keys(DictOrder.D))").expect("eval"),
        a.eval("collect(keys(DictOrder.D))").expect("eval")
    );
    let _ = std::fs::remove_dir_all(&parent);
}

#[test]
fn random_numbers_drawn_while_precompiling_are_reproducible_and_the_workload_s_stay_out() {
    let dir = repo().join("tests/packages/Dice");
    let a = precompile("Dice", dir.clone());
    let b = precompile("Dice", dir.clone());
    assert_eq!(a.workload_stdout, "");
    // Unseeded draws while defining a package come from a fixed seed: the same image twice.
    assert_eq!(a.image, b.image);
    let mut c = Session::new(Box::new(host("Dice", dir)));
    c.load_image(&a.image).expect("load image");
    let rolls = c.eval("Dice.ROLLS").expect("eval");
    assert!(rolls.starts_with("5-element Vector{Int64}"), "{rolls}");
    // A seeded generator gives Julia's stream (`rand(Xoshiro(7), 1:6, 3)`).
    let seeded = c.eval("Dice.SEEDED").expect("eval");
    c.eval("using Random").expect("using Random");
    assert_eq!(seeded, c.eval("rand(Xoshiro(7), 1:6, 3)").expect("eval"));
    // The workload's `Random.seed!(99)` did not reach the loading session's default stream.
    let v = c.eval("rand(Xoshiro(99), 2) == rand(2)").expect("eval");
    assert_eq!(v, "false");
}

#[test]
fn unseeded_streams_differ_between_sessions_that_do_not_precompile() {
    let draw = || {
        let mut s = Session::new(Box::new(NativeHost::default()));
        s.eval("rand(UInt64)").expect("eval")
    };
    assert_ne!(draw(), draw());
}

#[test]
fn wide_integers_survive_the_image() {
    let dir = repo().join("tests/packages/Wide");
    let built = precompile("Wide", dir.clone());
    assert!(built.rejected.is_empty(), "{:?}", built.rejected);
    let mut c = Session::new(Box::new(host("Wide", dir)));
    c.load_image(&built.image).expect("load");
    let eval = |c: &mut Session, code: &str| c.eval(code).expect(code);
    assert_eq!(eval(&mut c, "Wide.GOOGOL == big(10)^100"), "true");
    assert_eq!(eval(&mut c, "typeof(Wide.GOOGOL)"), "BigInt");
    assert_eq!(
        eval(&mut c, "Wide.HUGE"),
        "170141183460469231731687303715884105728"
    );
    assert_eq!(
        eval(&mut c, "Wide.INT128"),
        "1267650600228229401496703205376"
    );
    assert_eq!(eval(&mut c, "typeof(Wide.INT128)"), "Int128");
    assert_eq!(
        eval(&mut c, "Wide.MASK"),
        "0xffffffffffffffffffffffffffffffff"
    );
    assert_eq!(eval(&mut c, "Wide.TABLE[big(2)^70]"), "\"two^70\"");
    assert_eq!(eval(&mut c, "Wide.TABLE[-5]"), "\"minus five\"");
    assert_eq!(eval(&mut c, "Wide.wide_literal()"), "9223372036854775809");
    assert_eq!(
        eval(&mut c, "Wide.big_literal()"),
        "142857142857142857142857142857142857142857"
    );
    assert_eq!(eval(&mut c, "typeof(Wide.negative_literal())"), "Int128");
    assert_eq!(
        eval(&mut c, "Wide.mask_low(UInt128(7))"),
        "0x00000000000000000000000000000007"
    );
}
