//! What a project puts on the map: its ports as markers (with the priority
//! their labels are placed in), its corridors and agreements as
//! great-circle arcs coloured by stage and status, and one day's events as
//! numbered stops. The map view and the PNG export draw the same scene.

use std::collections::{BTreeSet, HashSet};

use jiff::civil::Date;

use super::{MapPoint, MapRect, arc_points, project, unwrap_near};
use crate::model::{AgreementStatus, CorridorStage, EntityRef, EventId, Party, PortId, Project};

/// A colour as red, green, blue.
pub type Rgb = [u8; 3];

/// The day's route and its numbered stops.
pub const ROUTE_COLOR: Rgb = [200, 40, 60];

/// What the legend calls each kind of port (by [`PortMark::priority`]).
const PORT_KINDS: [&str; 3] = [
    "Port in an agreement or event",
    "Port on a corridor",
    "Other port",
];

/// A port marker's colour by its priority: orange for ports in agreements
/// or events, blue on a corridor, grey otherwise.
pub fn port_color(priority: u32) -> Rgb {
    match priority {
        0 => [214, 96, 40],
        1 => [50, 110, 190],
        _ => [120, 120, 120],
    }
}

/// How a legend row shows its colour.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LegendStyle {
    Line,
    Dashed,
    Dot,
}

/// One row of the map's legend.
#[derive(Clone, PartialEq, Debug)]
pub struct LegendEntry {
    pub name: String,
    pub color: Rgb,
    pub style: LegendStyle,
}

/// The colour of a corridor's stage: grey while announced, warming towards
/// green as it becomes real.
pub fn stage_color(stage: CorridorStage) -> Rgb {
    match stage {
        CorridorStage::Announced => [128, 128, 160],
        CorridorStage::Feasibility => [214, 150, 30],
        CorridorStage::Implementation => [40, 120, 210],
        CorridorStage::Operational => [30, 160, 80],
    }
}

/// The colour of an agreement's status.
pub fn status_color(status: AgreementStatus) -> Rgb {
    match status {
        AgreementStatus::Idea => [150, 150, 150],
        AgreementStatus::Drafting => [190, 140, 60],
        AgreementStatus::Negotiation => [220, 110, 40],
        AgreementStatus::ReadyToSign => [200, 60, 140],
        AgreementStatus::Signed => [150, 70, 200],
        AgreementStatus::InForce => [40, 150, 120],
        AgreementStatus::Expired => [120, 110, 100],
        AgreementStatus::Withdrawn => [170, 70, 70],
    }
}

/// What the map shows; the default shows everything.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct MapFilters {
    pub hidden_statuses: BTreeSet<AgreementStatus>,
    pub hidden_stages: BTreeSet<CorridorStage>,
    /// Only corridors whose fuels name this one (see [`fuels_of`]).
    pub fuel: Option<String>,
    pub hide_agreements: bool,
    pub hide_corridors: bool,
    /// The day whose events are drawn as a numbered route.
    pub day: Option<Date>,
}

/// A port on the map.
#[derive(Clone, PartialEq, Debug)]
pub struct PortMark {
    pub id: PortId,
    pub point: MapPoint,
    pub latitude: f64,
    pub longitude: f64,
    pub name: String,
    pub local_name: String,
    pub locode: String,
    /// 0: in an agreement or an event; 1: on a corridor; 2: anything else.
    pub priority: u32,
}

/// A great-circle arc between two ports, for a corridor leg or an agreement.
#[derive(Clone, PartialEq, Debug)]
pub struct Arc {
    pub target: EntityRef,
    pub label: String,
    /// Stage or status, as shown in the legend.
    pub state: &'static str,
    pub color: Rgb,
    /// Agreements are dashed, corridors solid.
    pub dashed: bool,
    /// Continuous (unwrapped) map points from one port to the other.
    pub points: Vec<MapPoint>,
    /// How many arcs between the same two ports come before this one (so
    /// that each is drawn beside the others, not on top of them).
    pub lane: u32,
    /// The stage's or status's place in its pipeline (the legend's order).
    pub order: u32,
}

impl Arc {
    /// What the legend and the tooltip call it: "Corridor: Announced".
    pub fn legend_name(&self) -> String {
        if self.dashed {
            format!("Agreement: {}", self.state)
        } else {
            format!("Corridor: {}", self.state)
        }
    }
}

/// One numbered stop of the day's route.
#[derive(Clone, PartialEq, Debug)]
pub struct RouteStop {
    pub number: usize,
    pub event: EventId,
    pub port: PortId,
    pub point: MapPoint,
    pub title: String,
    /// Start in the port's zone, `HH:MM`.
    pub time: String,
}

/// Everything the map draws for a project.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Scene {
    pub ports: Vec<PortMark>,
    pub arcs: Vec<Arc>,
    pub route: Vec<RouteStop>,
    /// The day whose route is asked for (it may have no stops).
    pub route_day: Option<Date>,
    /// Ports not drawn: their coordinates are off the globe (the Problems
    /// view names them).
    pub left_out: usize,
}

/// Whether a latitude and longitude are a place (finite, within ±90/±180).
pub fn on_the_globe(latitude: f64, longitude: f64) -> bool {
    (-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude)
}

/// A name as a map label: control characters dropped, at most 60
/// characters (a label is a name, not a paragraph).
pub fn label_text(name: &str) -> String {
    const MAX: usize = 60;
    let clean: String = name.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.chars().count() > MAX {
        let cut: String = clean.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        clean.to_string()
    }
}

/// Where the day's stops are drawn: one badge a port, naming its stops
/// ("1–3" when the delegation stays at one port).
#[derive(Clone, PartialEq, Debug)]
pub struct RouteBadge {
    pub point: MapPoint,
    pub text: String,
    /// Indices into [`Scene::route`].
    pub stops: Vec<usize>,
}

/// "1–3", "1, 4", "2": stop numbers with runs joined.
fn numbers_text(numbers: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", numbers[i], numbers[j])
        } else {
            numbers[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// The fuels a corridor names, split at commas, semicolons and slashes
/// (not at "and": "low- and zero-carbon fuels" is one).
pub fn fuels_of(fuels: &str) -> Vec<String> {
    fuels
        .split([',', ';', '/'])
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .collect()
}

/// Every fuel named by the project's corridors, sorted, each once.
pub fn all_fuels(project: &Project) -> Vec<String> {
    let set: BTreeSet<String> = project
        .corridors
        .iter()
        .flat_map(|c| fuels_of(&c.fuels))
        .collect();
    set.into_iter().collect()
}

impl Scene {
    pub fn of(project: &Project, filters: &MapFilters) -> Self {
        let port_at = |id: PortId| {
            project
                .ports
                .iter()
                .find(|p| p.id == id && on_the_globe(p.latitude, p.longitude))
                .map(|p| (p.latitude, p.longitude))
        };
        let mut busy: HashSet<PortId> = HashSet::new();
        for agreement in &project.agreements {
            for party in &agreement.parties {
                if let Party::Port(id) = party {
                    busy.insert(*id);
                }
            }
        }
        busy.extend(project.events.iter().filter_map(|e| e.port));
        let on_corridor: HashSet<PortId> = project
            .corridors
            .iter()
            .flat_map(|c| c.ports.iter().copied())
            .collect();
        let ports: Vec<PortMark> = project
            .ports
            .iter()
            .filter(|p| on_the_globe(p.latitude, p.longitude))
            .map(|p| PortMark {
                id: p.id,
                point: project_port(p.latitude, p.longitude),
                latitude: p.latitude,
                longitude: p.longitude,
                name: label_text(&p.name),
                local_name: label_text(&p.local_name),
                locode: p.locode.clone(),
                priority: if busy.contains(&p.id) {
                    0
                } else if on_corridor.contains(&p.id) {
                    1
                } else {
                    2
                },
            })
            .collect();

        let mut arcs = Vec::new();
        if !filters.hide_corridors {
            for corridor in &project.corridors {
                if filters.hidden_stages.contains(&corridor.stage) {
                    continue;
                }
                if let Some(fuel) = &filters.fuel
                    && !fuels_of(&corridor.fuels).contains(fuel)
                {
                    continue;
                }
                for leg in corridor.ports.windows(2) {
                    if let (Some(a), Some(b)) = (port_at(leg[0]), port_at(leg[1])) {
                        arcs.push(Arc {
                            target: EntityRef::Corridor(corridor.id),
                            label: corridor.name.clone(),
                            state: corridor.stage.label(),
                            color: stage_color(corridor.stage),
                            dashed: false,
                            points: arc_points(a, b),
                            lane: 0,
                            order: corridor.stage as u32,
                        });
                    }
                }
            }
        }
        if !filters.hide_agreements {
            for agreement in &project.agreements {
                if filters.hidden_statuses.contains(&agreement.status) {
                    continue;
                }
                let ports: Vec<PortId> = agreement
                    .parties
                    .iter()
                    .filter_map(|p| match p {
                        Party::Port(id) => Some(*id),
                        Party::Organisation(_) => None,
                    })
                    .collect();
                let Some((&first, others)) = ports.split_first() else {
                    continue;
                };
                for &other in others {
                    if let (Some(a), Some(b)) = (port_at(first), port_at(other)) {
                        arcs.push(Arc {
                            target: EntityRef::Agreement(agreement.id),
                            label: agreement.title.clone(),
                            state: agreement.status.label(),
                            color: status_color(agreement.status),
                            dashed: true,
                            points: arc_points(a, b),
                            lane: 0,
                            order: agreement.status as u32,
                        });
                    }
                }
            }
        }

        // Agreements between the same two ports side by side, beside the
        // corridor (lane 0) they share.
        let mut lanes: std::collections::HashMap<(i64, i64, i64, i64), u32> = Default::default();
        for arc in arcs.iter_mut().filter(|a| a.dashed) {
            let (Some(first), Some(last)) = (arc.points.first(), arc.points.last()) else {
                continue;
            };
            let key = |p: &MapPoint| ((p.x.rem_euclid(360.0) * 1e4) as i64, (p.y * 1e4) as i64);
            let (a, b) = (key(first), key(last));
            let pair = if a <= b {
                (a.0, a.1, b.0, b.1)
            } else {
                (b.0, b.1, a.0, a.1)
            };
            let lane = lanes.entry(pair).or_insert(0);
            *lane += 1;
            arc.lane = *lane;
        }
        let route = filters
            .day
            .map(|day| day_route(project, day))
            .unwrap_or_default();
        let left_out = project.ports.len() - ports.len();
        Self {
            ports,
            arcs,
            route,
            route_day: filters.day,
            left_out,
        }
    }

    /// The route's badges, one a port, in the order of their first stop.
    pub fn route_badges(&self) -> Vec<RouteBadge> {
        let mut badges: Vec<(PortId, RouteBadge)> = Vec::new();
        for (i, stop) in self.route.iter().enumerate() {
            match badges.iter_mut().find(|(port, _)| *port == stop.port) {
                Some((_, badge)) => badge.stops.push(i),
                None => badges.push((
                    stop.port,
                    RouteBadge {
                        point: stop.point,
                        text: String::new(),
                        stops: vec![i],
                    },
                )),
            }
        }
        badges
            .into_iter()
            .map(|(_, mut badge)| {
                let numbers: Vec<usize> =
                    badge.stops.iter().map(|&i| self.route[i].number).collect();
                badge.text = numbers_text(&numbers);
                badge
            })
            .collect()
    }

    /// The legend's rows: the kinds of port shown, every stage and status
    /// drawn in pipeline order (corridors, then agreements), then the route.
    pub fn legend(&self) -> Vec<LegendEntry> {
        let mut legend: Vec<LegendEntry> = (0..3)
            .filter(|priority| self.ports.iter().any(|p| p.priority == *priority))
            .map(|priority| LegendEntry {
                name: PORT_KINDS[priority as usize].to_string(),
                color: port_color(priority),
                style: LegendStyle::Dot,
            })
            .collect();
        let mut rows: Vec<(bool, u32, String, Rgb)> = Vec::new();
        for arc in &self.arcs {
            if !rows.iter().any(|r| r.0 == arc.dashed && r.1 == arc.order) {
                rows.push((arc.dashed, arc.order, arc.legend_name(), arc.color));
            }
        }
        rows.sort_by_key(|r| (r.0, r.1));
        legend.extend(
            rows.into_iter()
                .map(|(dashed, _, name, color)| LegendEntry {
                    name,
                    color,
                    style: if dashed {
                        LegendStyle::Dashed
                    } else {
                        LegendStyle::Line
                    },
                }),
        );
        if let Some(day) = self.route_day {
            let day = day.strftime("%a %-d %b");
            legend.push(LegendEntry {
                name: if self.route.is_empty() {
                    format!("No events at a port on {day}")
                } else {
                    format!("Route of {day}: {} stops", self.route.len())
                },
                color: ROUTE_COLOR,
                style: LegendStyle::Line,
            });
        }
        legend
    }

    /// The smallest rectangle around the ports (and arcs), unwrapped the
    /// short way round: ports on both sides of the Pacific give a rectangle
    /// across the antimeridian, not around the world. `None` without ports.
    pub fn bounds(&self) -> Option<MapRect> {
        let longitudes: Vec<f64> = self.ports.iter().map(|p| p.point.x).collect();
        let reference = centre_longitude(&longitudes)?;
        let mut min = MapPoint {
            x: f64::MAX,
            y: f64::MAX,
        };
        let mut max = MapPoint {
            x: f64::MIN,
            y: f64::MIN,
        };
        let mut grow = |x: f64, y: f64| {
            min.x = min.x.min(x);
            min.y = min.y.min(y);
            max.x = max.x.max(x);
            max.y = max.y.max(y);
        };
        for port in &self.ports {
            grow(unwrap_near(port.point.x, reference), port.point.y);
        }
        for arc in &self.arcs {
            let shift = arc
                .points
                .first()
                .map_or(0.0, |p| unwrap_near(p.x, reference) - p.x);
            for p in &arc.points {
                grow(p.x + shift, p.y);
            }
        }
        Some(MapRect { min, max })
    }
}

/// A port's map point, its longitude as stored.
fn project_port(latitude: f64, longitude: f64) -> MapPoint {
    project(latitude, longitude)
}

/// The longitude at the middle of the shortest span holding all of
/// `longitudes` (found opposite the widest empty gap around the globe).
pub fn centre_longitude(longitudes: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = longitudes
        .iter()
        .map(|l| l.rem_euclid(360.0))
        .filter(|l| l.is_finite())
        .collect();
    sorted.sort_by(f64::total_cmp);
    let first = *sorted.first()?;
    let last = *sorted.last()?;
    // The gap that wraps round from the last to the first, then the others.
    let mut widest = (first + 360.0 - last, last);
    for pair in sorted.windows(2) {
        let gap = pair[1] - pair[0];
        if gap > widest.0 {
            widest = (gap, pair[0]);
        }
    }
    let (gap, gap_start) = widest;
    let span = 360.0 - gap;
    let centre = gap_start + gap + span / 2.0;
    Some(unwrap_near(centre, 0.0))
}

/// How many of the day's events happen at a port (the stops of its route).
pub fn stops_on(project: &Project, day: Date) -> usize {
    day_route(project, day).len()
}

/// The day's events that happen at a port, in order of their start.
fn day_route(project: &Project, day: Date) -> Vec<RouteStop> {
    let host = jiff::tz::TimeZone::get(&project.mission.host_zone).ok();
    let mut events: Vec<_> = project
        .events
        .iter()
        .filter_map(|e| {
            let port = project.ports.iter().find(|p| Some(p.id) == e.port)?;
            let start = e.start.zoned();
            let date = match &host {
                Some(zone) => start.with_time_zone(zone.clone()).date(),
                None => start.date(),
            };
            (date == day).then_some((start.timestamp(), e, port))
        })
        .collect();
    events.sort_by_key(|(start, e, _)| (*start, e.id));
    events
        .into_iter()
        .enumerate()
        .map(|(i, (_, e, port))| {
            let local = jiff::tz::TimeZone::get(&port.time_zone)
                .map(|z| e.start.zoned().with_time_zone(z))
                .unwrap_or_else(|_| e.start.zoned().clone());
            RouteStop {
                number: i + 1,
                event: e.id,
                port: port.id,
                point: project_port(port.latitude, port.longitude),
                title: e.title.clone(),
                time: local.strftime("%H:%M").to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_centre_of_pacific_ports_is_in_the_pacific() {
        let centre = centre_longitude(&[-118.2, 139.7, 121.5, 103.8]).unwrap_or(0.0);
        assert!(!(-170.0..=170.0).contains(&centre), "{centre}");
        let centre = centre_longitude(&[2.0, 4.0]).unwrap_or(0.0);
        assert!((centre - 3.0).abs() < 1e-9, "{centre}");
    }

    #[test]
    fn labels_lose_control_characters_and_length() {
        assert_eq!(
            label_text("Port\u{1b}[31m of\tKobe\u{0}"),
            "Port[31m ofKobe"
        );
        assert_eq!(label_text("   "), "");
        let long = label_text(&"a".repeat(10_000));
        assert_eq!(long.chars().count(), 60);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn places_off_the_globe_are_not_places() {
        assert!(on_the_globe(90.0, -180.0));
        assert!(!on_the_globe(91.0, 0.0));
        assert!(!on_the_globe(0.0, 1e308));
        assert!(!on_the_globe(f64::NAN, 0.0));
    }

    #[test]
    fn stop_numbers_join_their_runs() {
        assert_eq!(numbers_text(&[1, 2, 3]), "1–3");
        assert_eq!(numbers_text(&[1, 3, 4, 6]), "1, 3–4, 6");
        assert_eq!(numbers_text(&[2]), "2");
        assert_eq!(numbers_text(&[]), "");
    }

    #[test]
    fn fuels_split_on_commas_semicolons_and_slashes() {
        assert_eq!(
            fuels_of("Methanol, ammonia; LNG/hydrogen"),
            ["Methanol", "ammonia", "LNG", "hydrogen"]
        );
        assert_eq!(
            fuels_of("Low- and zero-carbon fuels"),
            ["Low- and zero-carbon fuels"]
        );
    }
}
