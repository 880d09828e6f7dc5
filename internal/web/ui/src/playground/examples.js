// Example queries shown in the playground's "Examples" pane, grouped by the
// kind of user they are written for. Each query is named so that GraphiQL
// titles its tab after the operation.
export const audiences = [
  {
    audience: 'Explorer',
    about: 'Find projects and read about them.',
    examples: [
      {
        title: 'Full-text search',
        query: `query Search {
  search(text: "sosiaalinen osallisuus", first: 5) {
    score
    node { __typename id name }
  }
}`,
      },
      {
        title: 'One project in detail',
        query: `query Project {
  project(id: "project:sokra") {
    name
    acronym
    startDate
    endDate
    totalBudgetEur
    euContributionEur
    euCofinancingPercent
    implementers { role organisation { name } }
    sources { title url }
  }
}`,
      },
      {
        title: 'Coordination projects, paged',
        query: `query CoordinationProjects {
  projects(filter: { kind: COORDINATION }, first: 10) {
    totalCount
    edges { node { id name startDate endDate } }
    pageInfo { hasNextPage endCursor }
  }
}`,
      },
    ],
  },
  {
    audience: 'Researcher',
    about: 'Follow how projects and organisations connect.',
    examples: [
      {
        title: 'Predecessors of a project',
        query: `query Predecessors {
  project(id: "project:osallisuuden-tuki-ja-koordinaatio") {
    name
    predecessors { name acronym }
  }
}`,
      },
      {
        title: 'Lineage of a project',
        query: `query Lineage {
  lineage(id: "project:osallisuuden-tuki-ja-koordinaatio") {
    name
    startDate
  }
}`,
      },
      {
        title: 'Shortest path between organisations',
        query: `query ShortestPath {
  shortestPath(from: "org:thl", to: "org:sos-lapsikyla", maxDepth: 6) {
    nodes { __typename id name }
    edges { type from to }
  }
}`,
      },
      {
        title: 'Collaboration network',
        query: `query CollaborationNetwork {
  collaborationNetwork {
    nodes { id name }
    edges { from to weight }
  }
}`,
      },
    ],
  },
  {
    audience: 'Map client',
    about: 'Data for drawing projects on a map.',
    examples: [
      {
        title: 'Counts per welfare area',
        query: `query RegionStats {
  regionStats {
    region { code name }
    projects
    implementers
    partners
    organisations
  }
}`,
      },
      {
        title: 'Welfare areas as GeoJSON',
        query: `query RegionsGeoJSON {
  regionsGeoJSON
}`,
      },
    ],
  },
  {
    audience: 'Data maintainer',
    about: 'Check reference data and imports, and look up any node.',
    examples: [
      {
        title: 'Welfare areas and their names',
        query: `query WelfareAreas {
  welfareRegions {
    code
    name
    names { fi sv en }
  }
}`,
      },
      {
        title: 'Any node by ID',
        query: `query Node {
  node(id: "org:thl") {
    id
    name
    ... on Organisation { kind businessId }
  }
}`,
      },
      {
        title: 'Classifications of imported projects',
        query: `# Kohesio's categories of intervention and objectives, once its CSV is
# imported (the built-in dataset has none); filter by one with
# projects(filter: { classification: [{ scheme: "…", code: "…" }] }).
query Classifications {
  classifications {
    classification { scheme code label }
    projects
  }
}`,
      },
    ],
  },
];
