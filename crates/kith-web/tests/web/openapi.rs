//! The OpenAPI document: served behind the token, OpenAPI 3.1, every API route in it,
//! every schema it refers to defined, and the shapes it gives the results kith returns.

use crate::support::{Finish, Server, request};
use axum::http::{Method, StatusCode};
use serde_json::Value;

/// The API's routes. A route made with `utoipa_axum::routes!` cannot be left out of the
/// document; this list is the check that none was added around it.
const API_ROUTES: [(&str, &str); 67] = [
    ("delete", "/api/v1/me/changes/{change}"),
    ("delete", "/api/v1/me/identities/{identity}"),
    ("delete", "/api/v1/people/{who}"),
    ("delete", "/api/v1/people/{who}/facts/{fact}"),
    ("delete", "/api/v1/people/{who}/mutes/{diagnosis}"),
    ("delete", "/api/v1/people/{who}/tags/{tag}"),
    ("get", "/api/v1/checkins"),
    ("get", "/api/v1/checkins/feed.ics"),
    ("get", "/api/v1/doctor"),
    ("get", "/api/v1/drafts"),
    ("get", "/api/v1/drafts/{id}"),
    ("get", "/api/v1/drafts/{id}/eml"),
    ("get", "/api/v1/dupes"),
    ("get", "/api/v1/engagements"),
    ("get", "/api/v1/engagements/{id}"),
    ("get", "/api/v1/export"),
    ("get", "/api/v1/health"),
    ("get", "/api/v1/imports/{job}"),
    ("get", "/api/v1/mail/correspondents"),
    ("get", "/api/v1/mail/kept-out"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/merges"),
    ("get", "/api/v1/network"),
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/orgs"),
    ("get", "/api/v1/orgs/{org}"),
    ("get", "/api/v1/orgs/{org}/offboarding"),
    ("get", "/api/v1/people"),
    ("get", "/api/v1/people/{who}"),
    ("get", "/api/v1/people/{who}/facts"),
    ("get", "/api/v1/people/{who}/health"),
    ("get", "/api/v1/people/{who}/ledger"),
    ("get", "/api/v1/people/{who}/plan"),
    ("get", "/api/v1/review"),
    ("get", "/api/v1/segments"),
    ("get", "/api/v1/suggestions"),
    ("get", "/api/v1/templates"),
    ("patch", "/api/v1/people/{who}"),
    ("post", "/api/v1/checkins/{id}/done"),
    ("post", "/api/v1/drafts/{id}/sent"),
    ("post", "/api/v1/dupes"),
    ("post", "/api/v1/engagements"),
    ("post", "/api/v1/engagements/{id}/finish"),
    ("post", "/api/v1/imports"),
    ("post", "/api/v1/log"),
    ("post", "/api/v1/me/identities"),
    ("post", "/api/v1/merges"),
    ("post", "/api/v1/merges/{id}/undo"),
    ("post", "/api/v1/orgs"),
    ("post", "/api/v1/orgs/{org}/offboarding"),
    ("post", "/api/v1/people"),
    ("post", "/api/v1/people/{who}/drafts"),
    ("post", "/api/v1/people/{who}/facts"),
    ("post", "/api/v1/people/{who}/ledger"),
    ("post", "/api/v1/people/{who}/ledger/declined"),
    ("post", "/api/v1/people/{who}/notes"),
    ("post", "/api/v1/people/{who}/stage"),
    ("post", "/api/v1/people/{who}/tags"),
    ("post", "/api/v1/suggestions/accept"),
    ("post", "/api/v1/suggestions/reject"),
    ("put", "/api/v1/drafts/{id}"),
    ("put", "/api/v1/me/changes/{change}"),
    ("put", "/api/v1/me/evidence"),
    ("put", "/api/v1/me/name"),
    ("put", "/api/v1/me/read-bodies"),
    ("put", "/api/v1/me/region"),
    ("put", "/api/v1/people/{who}/mutes/{diagnosis}"),
];

async fn document() -> Value {
    let server = Server::new().await;
    let answer = server.send(request(Method::GET, "/api/v1/openapi.json").bearer().empty()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    answer.json()
}

#[tokio::test]
async fn the_document_is_openapi_3_1_with_every_route() {
    let doc = document().await;
    let version = doc["openapi"].as_str().expect("an openapi field");
    assert!(version.starts_with("3.1."), "{version}");
    assert_eq!(doc["info"]["title"], "kith");
    assert!(doc["info"]["version"].is_string());
    let paths = doc["paths"].as_object().expect("paths");
    let mut listed: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
        .collect();
    listed.sort();
    let expected: Vec<(String, String)> =
        API_ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    assert_eq!(listed, expected);
    for (method, path) in API_ROUTES {
        let operation = &paths[path][method];
        let responses = operation["responses"].as_object().expect("responses");
        // A success: 200, or 202 for work that goes on in the background.
        assert!(responses.contains_key("200") || responses.contains_key("202"), "{method} {path}");
        if path != "/api/v1/health" {
            let unauthorized = &responses["401"]["content"]["application/problem+json"]["schema"]["$ref"];
            assert_eq!(unauthorized, "#/components/schemas/Problem", "{method} {path}");
        }
        // A route that changes something documents the cross-site refusal, and one that
        // reads a JSON body documents an unreadable and an oversized body.
        let documented = |code: &str| responses.contains_key(code);
        // Every part of the path in braces is a documented path parameter.
        let parameters = operation["parameters"].as_array().map(Vec::as_slice).unwrap_or_default();
        for name in path.split('{').skip(1).map(|part| part.split('}').next().unwrap()) {
            let declared = parameters.iter().any(|p| p["name"] == name && p["in"] == "path");
            assert!(declared, "{method} {path} documents its {name}");
        }
        if method != "get" {
            assert!(documented("403"), "{method} {path}");
        }
        if operation.get("requestBody").is_some() {
            assert!(documented("400") && documented("413"), "{method} {path}");
        }
    }
}

#[tokio::test]
async fn the_bearer_scheme_guards_every_operation_but_the_liveness_check() {
    let doc = document().await;
    let scheme = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!((scheme["type"].as_str(), scheme["scheme"].as_str()), (Some("http"), Some("bearer")));
    assert_eq!(doc["security"], serde_json::json!([{"bearer": []}]));
    assert_eq!(doc["paths"]["/api/v1/health"]["get"]["security"], serde_json::json!([{}]));
}

#[tokio::test]
async fn every_schema_referred_to_is_defined() {
    let doc = document().await;
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        let name = reference.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{reference}"));
        assert!(schemas.contains_key(name), "{reference} is not defined");
    }
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => refs.push(r.clone()),
                    _ => collect_refs(v, refs),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

#[tokio::test]
async fn the_stage_change_is_described_with_kiths_own_types() {
    let doc = document().await;
    let schemas = &doc["components"]["schemas"];
    let changed = &schemas["StageChanged"]["properties"];
    for field in ["transition", "tag", "note", "checkin"] {
        assert!(changed.get(field).is_some(), "StageChanged lacks {field}: {changed}");
    }
    assert!(changed.get("name").is_none(), "fields the JSON skips are not described");
    let stages: Vec<&str> =
        schemas["Stage"]["enum"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(stages.contains(&"walked_away") && stages.contains(&"ended"), "{stages:?}");
    assert_eq!(schemas["Transition"]["properties"]["at"]["format"], "date-time");
    let request = &schemas["StageRequest"];
    assert_eq!(request["required"], serde_json::json!(["stage"]));
    let body = &doc["paths"]["/api/v1/people/{who}/stage"]["post"]["requestBody"];
    assert_eq!(body["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/StageRequest");
}

#[test]
fn the_document_served_is_the_one_the_code_makes() {
    let made = serde_json::to_value(kith_web::openapi()).unwrap();
    let served = tokio::runtime::Runtime::new().unwrap().block_on(document());
    assert_eq!(made, served);
}

/// The JSON routes whose answer may be described as a bare object, and why.
const UNTYPED: [(&str, &str); 1] = [
    // The document itself: its shape is OpenAPI 3.1's, described by that specification.
    ("get", "/api/v1/openapi.json"),
];

/// Whether a schema says no more than "an object" (or a list of such).
fn bare(schema: &Value) -> bool {
    let is = |ty: &str| {
        schema["type"] == ty || schema["type"].as_array().is_some_and(|t| t.iter().any(|x| x == ty))
    };
    let described = ["properties", "$ref", "allOf", "oneOf", "anyOf", "additionalProperties", "enum"]
        .iter()
        .any(|key| schema.get(key).is_some());
    (is("object") && !described) || (is("array") && bare(&schema["items"]))
}

#[tokio::test]
async fn every_answer_says_what_it_holds() {
    let doc = document().await;
    let mut untyped = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(schema) = operation["responses"]["200"]["content"]["application/json"].get("schema")
            else {
                continue;
            };
            if bare(schema) {
                untyped.push((method.as_str(), path.as_str()));
            }
        }
    }
    untyped.sort();
    assert_eq!(untyped, UNTYPED, "answers described as a bare object");
}

#[test]
fn the_answers_are_described_with_kiths_own_types() {
    let doc = serde_json::to_value(kith_web::openapi()).unwrap();
    let schemas = &doc["components"]["schemas"];
    let answer = |method: &str, path: &str| {
        doc["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"].clone()
    };
    assert_eq!(answer("get", "/api/v1/people/{who}")["$ref"], "#/components/schemas/PersonPage");
    assert_eq!(answer("get", "/api/v1/review")["items"]["$ref"], "#/components/schemas/ReviewEntry");
    assert_eq!(answer("get", "/api/v1/people/{who}/ledger")["$ref"], "#/components/schemas/Ledger");
    assert_eq!(answer("get", "/api/v1/export")["$ref"], "#/components/schemas/Snapshot");
    assert_eq!(schemas["Snapshot"]["properties"]["people"]["items"]["$ref"], "#/components/schemas/Person");
    for field in ["person", "timeline", "reciprocity", "ledger", "health"] {
        assert!(schemas["PersonPage"]["properties"].get(field).is_some(), "PersonPage lacks {field}");
    }
    // Two types of one name are told apart: the page's ledger and the ledger's months.
    assert!(schemas["PageLedger"]["properties"].get("suggestions_waiting").is_some());
    assert!(schemas["Ledger"]["properties"].get("name").is_some());
    assert!(schemas["LedgerMonths"]["properties"].get("months").is_some());
    assert!(schemas["Reciprocity"]["properties"].get("balance").is_some());
    // Moments are RFC 3339 text; a stage is one of its names.
    assert_eq!(schemas["Person"]["properties"]["created_at"]["format"], "date-time");
    assert_eq!(schemas["Exchange"]["properties"]["opened_at"]["type"], "string");
    let person = &schemas["Person"]["properties"];
    assert!(person.get("details").is_some() && person.get("identities").is_some(), "{person}");
}

#[tokio::test]
async fn the_network_and_client_work_are_described_with_kiths_own_types() {
    let doc = document().await;
    let schemas = &doc["components"]["schemas"];
    let rings = &schemas["Rings"]["properties"];
    assert!(rings.get("rings").is_some() && rings.get("assessed").is_some(), "{rings}");
    let dot = &schemas["Dot"]["properties"];
    for field in ["person", "name", "diagnosis", "severity", "urgency"] {
        assert!(dot.get(field).is_some(), "Dot lacks {field}: {dot}");
    }
    let offboarding = &schemas["Offboarding"]["properties"];
    for field in ["engagement", "written", "checklist"] {
        assert!(offboarding.get(field).is_some(), "Offboarding lacks {field}: {offboarding}");
    }
    for skipped in ["org", "people", "rendered"] {
        assert!(offboarding.get(skipped).is_none(), "{skipped} is not in the JSON: {offboarding}");
    }
    assert_eq!(schemas["Engagement"]["properties"]["started_at"]["format"], "date-time");
    assert!(schemas["ChecklistItem"]["properties"].get("reference_asked").is_some());
    let answer = &doc["paths"]["/api/v1/orgs/{org}/offboarding"]["get"]["responses"]["200"];
    assert_eq!(answer["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Offboarding");
}
