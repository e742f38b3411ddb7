package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"

	fnote "github.com/transparency-dev/formats/note"
	"golang.org/x/mod/sumdb/note"
)

type signRequest struct {
	Body string `json:"body"`
	Name string `json:"name"`
	Seed string `json:"seed"` // 32-byte Ed25519 seed, hex
	Kind string `json:"kind"` // "cosignature" (cosignature/v1, type 0x04) or "ed25519" (signed note, type 0x01)
}

type signResult struct {
	Line string `json:"line"`
	Vkey string `json:"vkey"`
}

// sign signs the body with note.Sign and the library's signer for the kind, and returns the
// signature line it appends and the key's vkey as the libraries write it.
func sign(req signRequest) (signResult, error) {
	seed, err := hex.DecodeString(req.Seed)
	if err != nil || len(seed) != ed25519.SeedSize {
		return signResult{}, fmt.Errorf("seed must be %d bytes of hex", ed25519.SeedSize)
	}
	public := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(req.Name, public)
	if err != nil {
		return signResult{}, err
	}
	var signer note.Signer
	switch req.Kind {
	case "ed25519":
		signer, err = note.NewSigner(skey(req.Name, 0x01, seed, public))
	case "cosignature":
		if vkey, err = fnote.VKeyToCosignatureV1(vkey); err == nil {
			signer, err = fnote.NewSignerForCosignatureV1(skey(req.Name, 0x04, seed, public))
		}
	default:
		err = fmt.Errorf("kind must be cosignature or ed25519, not %q", req.Kind)
	}
	if err != nil {
		return signResult{}, err
	}
	signed, err := note.Sign(&note.Note{Text: req.Body}, signer)
	if err != nil {
		return signResult{}, err
	}
	block := string(signed[len(req.Body)+1:])
	return signResult{Line: strings.TrimSuffix(block, "\n"), Vkey: vkey}, nil
}

// skey is the signed-note private key text: PRIVATE+KEY+<name>+<key ID hex>+base64(type || seed).
func skey(name string, kind byte, seed, public []byte) string {
	id := sha256.Sum256(append(append([]byte(name+"\n"), kind), public...))
	key := base64.StdEncoding.EncodeToString(append([]byte{kind}, seed...))
	return fmt.Sprintf("PRIVATE+KEY+%s+%08x+%s", name, binary.BigEndian.Uint32(id[:4]), key)
}
