package leaderboard

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// teamRecord is a team as stored: the team and its key's hash.
type teamRecord struct {
	Team
	KeyHash string `json:"key_hash"`
}

// maxTeamName bounds a team name in bytes.
const maxTeamName = 100

// CreateTeam creates a team and returns it with its API key, which is not
// kept and cannot be shown again.
func (s *Service) CreateTeam(ctx context.Context, name string) (NewTeam, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > maxTeamName || !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\r\n") {
		return NewTeam{}, fmt.Errorf("%w: name must be 1 to %d bytes of UTF-8 on one line", ErrInvalid, maxTeamName)
	}
	teams, err := s.Teams(ctx)
	if err != nil {
		return NewTeam{}, err
	}
	for _, t := range teams {
		if strings.EqualFold(t.Name, name) {
			return NewTeam{}, fmt.Errorf("%w: a team named %q exists (id %s)", ErrConflict, t.Name, t.ID)
		}
	}
	now := s.now().UTC()
	rec := teamRecord{Team: Team{ID: newID("team", now), Name: name, CreatedAt: now, KeyRotatedAt: now}}
	return s.issueKey(ctx, rec)
}

// RotateKey gives the team a new API key; the old one stops working at
// once.
func (s *Service) RotateKey(ctx context.Context, teamID string) (NewTeam, error) {
	var rec teamRecord
	if err := getJSON(ctx, s.store, nsTeams, teamID, &rec); err != nil {
		return NewTeam{}, fmt.Errorf("team %s: %w", teamID, err)
	}
	old := rec.KeyHash
	rec.KeyRotatedAt = s.now().UTC()
	nt, err := s.issueKey(ctx, rec)
	if err != nil {
		return NewTeam{}, err
	}
	if err := s.store.Delete(ctx, nsTeamKeys, old); err != nil {
		return NewTeam{}, fmt.Errorf("revoke the old key: %w", err)
	}
	return nt, nil
}

// issueKey stores rec with a new key and returns the key.
func (s *Service) issueKey(ctx context.Context, rec teamRecord) (NewTeam, error) {
	key := newAPIKey()
	rec.KeyHash = hashKey(key)
	if err := s.store.Put(ctx, nsTeamKeys, rec.KeyHash, []byte(rec.ID)); err != nil {
		return NewTeam{}, fmt.Errorf("store key: %w", err)
	}
	if err := putJSON(ctx, s.store, nsTeams, rec.ID, rec); err != nil {
		return NewTeam{}, fmt.Errorf("store team: %w", err)
	}
	return NewTeam{Team: rec.Team, APIKey: key}, nil
}

// Authenticate returns the team whose API key is key, or ErrNotFound.
// The key is looked up by its hash, and the stored hash is compared in
// constant time.
func (s *Service) Authenticate(ctx context.Context, key string) (Team, error) {
	if !strings.HasPrefix(key, apiKeyPrefix) {
		return Team{}, ErrNotFound
	}
	h := hashKey(key)
	id, err := s.store.Get(ctx, nsTeamKeys, h)
	if err != nil {
		return Team{}, ErrNotFound
	}
	var rec teamRecord
	if err := getJSON(ctx, s.store, nsTeams, string(id), &rec); err != nil {
		return Team{}, ErrNotFound
	}
	if !SecretsEqual(rec.KeyHash, h) {
		return Team{}, ErrNotFound // a key rotated while this request ran
	}
	return rec.Team, nil
}

// Team returns a team.
func (s *Service) Team(ctx context.Context, id string) (Team, error) {
	var rec teamRecord
	if err := getJSON(ctx, s.store, nsTeams, id, &rec); err != nil {
		return Team{}, fmt.Errorf("team %s: %w", id, err)
	}
	return rec.Team, nil
}

// Teams returns every team, by id (creation order).
func (s *Service) Teams(ctx context.Context) ([]Team, error) {
	entries, err := s.store.List(ctx, nsTeams, "", 0)
	if err != nil {
		return nil, err
	}
	out := make([]Team, 0, len(entries))
	for _, e := range entries {
		var rec teamRecord
		if err := json.Unmarshal(e.Value, &rec); err != nil {
			return nil, fmt.Errorf("team %s: %w", e.Key, err)
		}
		out = append(out, rec.Team)
	}
	return out, nil
}
