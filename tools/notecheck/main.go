// Command notecheck is an outside implementation of C2SP signed notes and cosignature/v1 that
// TanLedger's tests hold the Python ledger against (tests/ledger/test_note_interop.py). It uses
// golang.org/x/mod/sumdb/note and github.com/transparency-dev/formats/note only.
//
//	notecheck verify  stdin {note, validator_vkeys, witness_vkeys}
//	                  stdout {ok, error, kind, verified: [names], unverified: [names], times: {name: POSIX s}}
//	notecheck sign    stdin {body, name, seed (hex), kind: "cosignature" | "ed25519"}
//	                  stdout {line, vkey}: the signature line (the cosignature is stamped now) and the key's vkey
//
// A verdict, valid or not, exits 0; unusable input (bad JSON, a bad vkey or seed) exits 2 with {error}.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
)

func main() {
	if len(os.Args) != 2 || (os.Args[1] != "verify" && os.Args[1] != "sign") {
		fail(fmt.Errorf("usage: notecheck verify|sign < request.json"))
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var out any
	if os.Args[1] == "verify" {
		var req verifyRequest
		if err = json.Unmarshal(input, &req); err == nil {
			out, err = verify(req)
		}
	} else {
		var req signRequest
		if err = json.Unmarshal(input, &req); err == nil {
			out, err = sign(req)
		}
	}
	if err != nil {
		fail(err)
	}
	emit(out)
}

func emit(value any) {
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(value); err != nil {
		os.Exit(3)
	}
}

func fail(err error) {
	emit(map[string]string{"error": err.Error()})
	os.Exit(2)
}
