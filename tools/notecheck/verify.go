package main

import (
	"errors"
	"fmt"

	fnote "github.com/transparency-dev/formats/note"
	"golang.org/x/mod/sumdb/note"
)

type verifyRequest struct {
	Note           string   `json:"note"`
	ValidatorVkeys []string `json:"validator_vkeys"`
	WitnessVkeys   []string `json:"witness_vkeys"`
}

type verifyResult struct {
	OK         bool             `json:"ok"`
	Error      string           `json:"error"`
	Kind       string           `json:"kind"` // "", malformed, invalid_signature, unverified, other
	Verified   []string         `json:"verified"`
	Unverified []string         `json:"unverified"`
	Times      map[string]int64 `json:"times"`
}

// verify opens the note with note.Open: validators' Ed25519 keys (type 0x01) and witnesses'
// cosignature/v1 keys (type 0x04); lines of other keys are ignored, as Open does.
func verify(req verifyRequest) (verifyResult, error) {
	var verifiers []note.Verifier
	witnesses := map[string]bool{}
	for _, vkey := range req.ValidatorVkeys {
		v, err := note.NewVerifier(vkey)
		if err != nil {
			return verifyResult{}, fmt.Errorf("validator vkey %q: %w", vkey, err)
		}
		verifiers = append(verifiers, v)
	}
	for _, vkey := range req.WitnessVkeys {
		v, err := fnote.NewVerifierForCosignatureV1(vkey)
		if err != nil {
			return verifyResult{}, fmt.Errorf("witness vkey %q: %w", vkey, err)
		}
		verifiers = append(verifiers, v)
		witnesses[v.Name()] = true
	}
	result := verifyResult{Verified: []string{}, Unverified: []string{}, Times: map[string]int64{}}
	opened, err := note.Open([]byte(req.Note), note.VerifierList(verifiers...))
	if err != nil {
		result.Error, result.Kind = err.Error(), errorKind(err)
		return result, nil
	}
	result.OK = true
	for _, s := range opened.UnverifiedSigs {
		result.Unverified = append(result.Unverified, s.Name)
	}
	for _, s := range opened.Sigs {
		result.Verified = append(result.Verified, s.Name)
		if witnesses[s.Name] {
			t, err := fnote.CoSigV1Timestamp(s)
			if err != nil {
				return verifyResult{}, fmt.Errorf("cosignature time of %s: %w", s.Name, err)
			}
			result.Times[s.Name] = t.Unix()
		}
	}
	return result, nil
}

func errorKind(err error) string {
	var invalid *note.InvalidSignatureError
	var unverified *note.UnverifiedNoteError
	switch {
	case errors.As(err, &invalid):
		return "invalid_signature"
	case errors.As(err, &unverified):
		return "unverified"
	case err.Error() == "malformed note":
		return "malformed"
	}
	return "other"
}
