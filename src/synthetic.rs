//! Deterministic synthetic projects of any size, for benchmarks and load tests.
//!
//! Field sizes follow real missions: drafts of several KB, a quarter of the
//! agreements with earlier revisions, events of 2–5 participants spread over
//! the mission week in the ports' own zones.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};

use crate::model::*;

/// How large a project to make.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub events: usize,
    pub agreements: usize,
    pub ports: usize,
    pub people: usize,
    /// Figures for pairs of ports in the travel-time table.
    pub travel_times: usize,
}

impl Size {
    /// The size the benchmarks use: 10,000 events, 2,000 agreements, 1,000 ports, 2,000 people.
    pub const LARGE: Self = Self {
        events: 10_000,
        agreements: 2_000,
        ports: 1_000,
        people: 2_000,
        travel_times: 2_000,
    };

    /// A travel-time-heavy project (~37 MB), the shape that once took
    /// validation 33 s: every pair of 633 ports has a figure, and 12,000
    /// events move 2,000 people between them.
    pub const TRAVEL_HEAVY: Self = Self {
        events: 12_000,
        agreements: 200,
        ports: 633,
        people: 2_000,
        travel_times: 200_000,
    };
}

/// SplitMix64: tiny, fast and deterministic; quality is ample for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "port",
    "corridor",
    "zero-emission",
    "vessel",
    "terminal",
    "cargo",
    "handling",
    "equipment",
    "shore",
    "power",
    "hydrogen",
    "ammonia",
    "methanol",
    "battery",
    "drayage",
    "truck",
    "supply",
    "chain",
    "data",
    "sharing",
    "digital",
    "efficiency",
    "emissions",
    "reduction",
    "partners",
    "cooperate",
    "pilot",
    "deploy",
    "study",
    "feasibility",
    "fuel",
    "bunkering",
    "green",
    "route",
];
const ZONES: &[&str] = &[
    "Asia/Tokyo",
    "America/Los_Angeles",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Europe/Rotterdam",
    "Australia/Sydney",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(rng.pick::<&str>(WORDS));
    }
    text.push('.');
    text
}

/// A Markdown draft of roughly `bytes` bytes, in numbered clauses.
fn draft(rng: &mut Rng, bytes: usize) -> String {
    let mut text = String::from("# Memorandum of Understanding\n\n");
    let mut clause = 1;
    while text.len() < bytes {
        text.push_str(&format!("## {clause}. {}\n\n", sentence(rng, 3)));
        for _ in 0..3 {
            text.push_str(&sentence(rng, 20));
            text.push(' ');
        }
        text.push_str("\n\n");
        clause += 1;
    }
    text
}

/// A deterministic project of the given size (same size, same project).
pub fn generate(size: Size) -> Project {
    let mut rng = Rng(0x5EED_2023_0311);
    let zones: Vec<TimeZone> = ZONES.iter().filter_map(|z| TimeZone::get(z).ok()).collect();
    let organisations: Vec<Organisation> = (0..size.people / 10 + 1)
        .map(|i| Organisation {
            id: OrganisationId(100_000 + i as u64),
            name: format!("Organisation {i}"),
            kind: *rng.pick(&OrganisationKind::ALL),
            country: "JP".into(),
            website: String::new(),
            notes: sentence(&mut rng, 8),
        })
        .collect();
    let ports: Vec<Port> = (0..size.ports)
        .map(|i| Port {
            id: PortId(1 + i as u64),
            name: format!("Port {i}"),
            local_name: String::new(),
            locode: format!("JP{}", locode_suffix(i)),
            country: "JP".into(),
            city: format!("City {i}"),
            latitude: (rng.below(17_000) as f64 / 100.0) - 85.0,
            longitude: (rng.below(35_000) as f64 / 100.0) - 175.0,
            time_zone: (*rng.pick(ZONES)).to_owned(),
            authority: Some(rng.pick(&organisations).id),
            facts: vec![sentence(&mut rng, 12)],
            notes: sentence(&mut rng, 10),
        })
        .collect();
    let people: Vec<Person> = (0..size.people)
        .map(|i| Person {
            id: PersonId(200_000 + i as u64),
            name: format!("Person {i}"),
            local_name: if i % 4 == 0 {
                format!("人物 {i}")
            } else {
                String::new()
            },
            title: sentence(&mut rng, 3),
            organisation: Some(rng.pick(&organisations).id),
            role: *rng.pick(&MissionRole::ALL),
            email: format!("person{i}@example.org"),
            phone: format!("+81 3 {i:04} 0000"),
            notes: sentence(&mut rng, 6),
        })
        .collect();
    let agreements: Vec<Agreement> = (0..size.agreements)
        .map(|i| {
            let len = 3_000 + rng.below(3_000);
            let text = draft(&mut rng, len);
            let revisions = if i % 4 == 0 {
                (1..=2)
                    .map(|n| Revision {
                        number: n,
                        text: {
                            let len = 3_000 + rng.below(2_000);
                            draft(&mut rng, len).into()
                        },
                        author: format!("Person {}", rng.below(size.people.max(1))),
                        recorded_at: Timestamp::from_second(1_675_000_000 + n as i64 * 86_400)
                            .unwrap_or(Timestamp::UNIX_EPOCH),
                        message: sentence(&mut rng, 5),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Agreement {
                id: AgreementId(300_000 + i as u64),
                title: format!("Agreement {i}: {}", sentence(&mut rng, 4)),
                kind: *rng.pick(&AgreementKind::ALL),
                parties: vec![
                    Party::Port(rng.pick(&ports).id),
                    Party::Organisation(rng.pick(&organisations).id),
                ],
                status: *rng.pick(&[
                    AgreementStatus::Idea,
                    AgreementStatus::Drafting,
                    AgreementStatus::Negotiation,
                ]),
                dates: AgreementDates::default(),
                areas: vec![rng.pick(&CooperationArea::BUILT_IN).clone()],
                draft: text,
                revisions,
                milestones: vec![Milestone {
                    title: sentence(&mut rng, 5),
                    due: Some(jiff::civil::date(2024, 3, 1)),
                    done: false,
                }],
                notes: sentence(&mut rng, 10),
            }
        })
        .collect();
    let week_start = Timestamp::from_second(1_678_460_400).unwrap_or(Timestamp::UNIX_EPOCH); // 2023-03-11 00:00 JST
    let events: Vec<MissionEvent> = (0..size.events)
        .map(|i| {
            let minutes = rng.below(7 * 24 * 12) as i64 * 5;
            let start = week_start + SignedDuration::from_mins(minutes);
            let end = start + SignedDuration::from_mins(30 + rng.below(6) as i64 * 15);
            let zone = rng.pick(&zones).clone();
            let count = 2 + rng.below(4);
            let mut participants = Vec::with_capacity(count);
            for _ in 0..count {
                if let Some(person) = people.get(rng.below(people.len())) {
                    participants.push(Participant {
                        person: person.id,
                        remote: rng.below(5) == 0,
                    });
                }
            }
            MissionEvent {
                id: EventId(500_000 + i as u64),
                title: format!("Event {i}: {}", sentence(&mut rng, 4)),
                kind: *rng.pick(&EventKind::ALL),
                start: ZonedTime(Zoned::new(start, zone.clone())),
                end: ZonedTime(Zoned::new(end, zone)),
                location: sentence(&mut rng, 3),
                port: ports.get(rng.below(ports.len())).map(|p| p.id),
                participants,
                agreements: agreements
                    .get(rng.below(agreements.len()))
                    .map(|a| vec![a.id])
                    .unwrap_or_default(),
                notes: sentence(&mut rng, 12),
                uid: None,
                recurrence_id: None,
            }
        })
        .collect();
    let travel_times = travel_times(&mut rng, &ports, size.travel_times);
    Project {
        schedule: ScheduleSettings {
            default_travel_minutes: 60,
            travel_times,
        },
        mission: MissionInfo {
            title: format!("Synthetic mission ({} events)", size.events),
            description: sentence(&mut rng, 30),
            first_day: jiff::civil::date(2023, 3, 10),
            last_day: jiff::civil::date(2023, 3, 18),
            host_zone: "Asia/Tokyo".into(),
            home_zone: "America/Los_Angeles".into(),
        },
        ports,
        organisations,
        people,
        agreements,
        corridors: Vec::new(),
        events,
        clauses: Vec::new(),
        conflicts: Vec::new(),
        ancestors: Vec::new(),
    }
}

/// `count` figures for distinct pairs of ports (as many as there are pairs).
fn travel_times(rng: &mut Rng, ports: &[Port], count: usize) -> Vec<TravelTime> {
    let mut figures = Vec::with_capacity(count);
    'pairs: for (i, from) in ports.iter().enumerate() {
        for to in &ports[i + 1..] {
            if figures.len() == count {
                break 'pairs;
            }
            figures.push(TravelTime {
                from: from.id,
                to: to.id,
                minutes: 15 + 15 * rng.below(16) as u32,
            });
        }
    }
    figures
}

/// Three LOCODE place characters (A–Z, 2–9) numbering `i` uniquely up to 34³.
fn locode_suffix(i: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789";
    let n = ALPHABET.len();
    [i / (n * n) % n, i / n % n, i % n]
        .iter()
        .map(|&d| ALPHABET[d] as char)
        .collect()
}

/// Adds `count` corridors between pairs of the project's ports (two or
/// three ports each, every stage and a few fuels), for the map's tests and
/// benchmarks.
pub fn add_corridors(project: &mut Project, count: usize) {
    let mut rng = Rng(0xC0_2217_D0E5);
    let ports: Vec<PortId> = project.ports.iter().map(|p| p.id).collect();
    if ports.len() < 2 {
        return;
    }
    let fuels = [
        "Methanol",
        "Ammonia",
        "Hydrogen",
        "LNG, methanol",
        "Shore power",
    ];
    for i in 0..count {
        let mut route = vec![*rng.pick(&ports)];
        for _ in 0..(1 + rng.below(2)) {
            let next = *rng.pick(&ports);
            if !route.contains(&next) {
                route.push(next);
            }
        }
        if route.len() < 2 {
            continue;
        }
        project.corridors.push(Corridor {
            id: CorridorId(900_000 + i as u64),
            name: format!("Corridor {i}"),
            ports: route,
            agreement: None,
            stage: *rng.pick(&CorridorStage::ALL),
            fuels: (*rng.pick(&fuels)).to_owned(),
            targets: String::new(),
            notes: String::new(),
        });
    }
}
