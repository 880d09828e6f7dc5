package neo4j

import (
	"errors"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/hankegraph/hankegraph/internal/hanke"
)

// storeError turns an error of the driver, met running statement st, into
// what the port's callers act on. Two kinds matter:
//
//   - Neo4j did not answer: no connection, a server that never answered
//     before the connect timeout or the caller's deadline, retries used up,
//     a database that is unavailable or unknown, credentials refused. These
//     become hanke.Unavailable, which clients see as STORE_UNAVAILABLE and
//     /readyz reports; they heal when Neo4j does, since the driver reconnects
//     on the next call.
//   - Neo4j answered and refused the statement (a syntax or type error, a
//     constraint violated) or the driver was misused: a bug here, reported
//     as an internal error with the statement's name.
//
// Everything the driver reports that is not the server's answer or a misuse
// is a failure to talk to the server, so that is the default.
func storeError(st Statement, err error) error {
	var dbErr *neo4j.Neo4jError
	switch {
	case errors.As(err, &dbErr):
		if dbErr.Classification() == "TransientError" ||
			strings.HasPrefix(dbErr.Code, "Neo.ClientError.Security.") ||
			dbErr.Code == "Neo.ClientError.Database.DatabaseNotFound" {
			return hanke.Unavailable(err)
		}
		return fmt.Errorf("neo4j: statement %s: %w", st.Name, err)
	case neo4j.IsUsageError(err):
		return fmt.Errorf("neo4j: statement %s: %w", st.Name, err)
	default:
		return hanke.Unavailable(err)
	}
}
