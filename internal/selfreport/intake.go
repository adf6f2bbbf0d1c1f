package selfreport

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fangpin/internal/casework"
	"fangpin/internal/civil"
	"fangpin/internal/fault"
	"fangpin/internal/idcard"
	"fangpin/internal/store"
)

// RiskTypes are the hardships a family can tick: the casework list
// (风险类型, docs/glossary.md).
var RiskTypes = casework.RiskTypes

// Submission is what the public form or the API sends.
type Submission struct {
	Token       string
	HeadName    string
	IDNumber    string
	Phone       string
	RiskTypes   []string
	Description string
	Consent     bool
	IP          string
	Photos      [][]byte // up to MaxPhotos JPEG or PNG files, as uploaded
}

// fieldError is a form the family must correct: Invalid, with a reason
// beside each field in plain words and one message for the whole form.
func fieldError(fields map[string]fault.Text) *fault.Error {
	return &fault.Error{Kind: fault.Invalid, Msg: fault.T("请按提示修改后再提交", "Please correct what is marked and submit again"),
		Fields: fields}
}

// Receipt is what the family gets once the report is stored.
type Receipt struct {
	Code    string
	DueBy   string // YYYY-MM-DD of the promised acceptance, "" when the calendar cannot say
	Merged  bool   // added to the family's report that is still open
	Village Village
}

// Deadlines computes promised dates in working days; nil leaves DueBy empty.
type Deadlines interface {
	Due(from time.Time, step string) (string, error)
}

// SetDeadlines installs the working-day calendar used for promised dates.
func (s *Service) SetDeadlines(d Deadlines) { s.deadlines = d }

// Submit validates and stores a report durably (committed) and returns its
// receipt. A family with a report still open gets that report's receipt and
// its new words are added to it.
func (s *Service) Submit(ctx context.Context, sub Submission) (Receipt, error) {
	v, err := s.Admit(ctx, sub.Token, sub.IP)
	if err != nil {
		return Receipt{}, err
	}
	return s.Accept(ctx, v, sub)
}

// Admit checks what can be checked before a report's body is read: the
// token is active and the address is within its hourly limit (one report
// counted). The public form calls it before parsing photos, so a wrong
// token or a flood costs no disk and no memory.
func (s *Service) Admit(ctx context.Context, token, ip string) (Village, error) {
	v, err := s.Resolve(ctx, token)
	if err != nil {
		return Village{}, err
	}
	return v, s.lim.allow("ip:"+ip, s.ipMax, time.Hour, s.now())
}

// Accept validates and stores a report admitted for village v (Admit).
func (s *Service) Accept(ctx context.Context, v Village, sub Submission) (Receipt, error) {
	id, err := validate(&sub, s.now())
	if err != nil {
		return Receipt{}, err
	}
	photos, err := cleanPhotos(sub.Photos)
	if err != nil {
		return Receipt{}, err
	}
	idx := s.keys.Index(id)
	// the daily quota is the family's with its own phone: a stranger who
	// knows the ID number spends only the quota of the phone he writes
	if err := s.lim.allow("id:"+idx+":"+s.keys.Index(sub.Phone), s.idMax, 24*time.Hour, s.now()); err != nil {
		return Receipt{}, err
	}
	r := Receipt{Village: v}
	err = s.group.do(ctx, func(tx *store.Tx) error {
		code, merged, err := s.merge(ctx, tx, idx, sub)
		if err != nil {
			return err
		}
		if merged {
			r.Code, r.Merged = code, merged
			return s.savePhotos(ctx, tx, code, photos)
		}
		if r.Code, r.DueBy, err = s.insert(ctx, tx, v, id, idx, sub); err != nil {
			return err
		}
		if err := s.savePhotos(ctx, tx, r.Code, photos); err != nil {
			return err
		}
		return s.toCase(ctx, tx, v, idx, r.Code, sub)
	})
	return r, err
}

// toCase makes the report a case: added to the family's open case from
// another channel, or a new case of the family's registered village (the
// QR code's village for a family not yet registered).
func (s *Service) toCase(ctx context.Context, tx *store.Tx, v Village, idx, receipt string, sub Submission) error {
	c, found, err := casework.FindOpenByIDIndex(ctx, tx, store.ScopeAll(), idx)
	if err != nil {
		return err
	}
	if found {
		_, err = casework.AddNote(ctx, tx, store.ScopeAll(), c.ID, casework.System, "一键报贫（回执"+receipt+"）："+sub.Description, s.now())
	} else {
		c, err = casework.Open(ctx, tx, store.ScopeAll(), s.newCase(ctx, tx, v, idx, receipt, sub), s.now(), s.caseDeadlines())
	}
	if err != nil {
		return fmt.Errorf("selfreport: case: %w", err)
	}
	_, err = tx.ExecContext(ctx, "UPDATE self_reports SET case_id = ? WHERE receipt = ?", c.ID, receipt)
	return err
}

func (s *Service) newCase(ctx context.Context, tx *store.Tx, v Village, idx, receipt string, sub Submission) casework.NewCase {
	nc := casework.NewCase{Region: v.Code, HeadName: sub.HeadName, IDIndex: idx, Source: casework.SourceSelfReport,
		SourceRef: receipt, RiskTypes: sub.RiskTypes, Description: sub.Description, By: casework.System,
		Green: slices.Contains(sub.RiskTypes, "因自然灾害") || slices.Contains(sub.RiskTypes, "因意外事故")}
	var hh int64
	err := tx.QueryRowContext(ctx, "SELECT household_id FROM persons WHERE id_idx = ? AND active = 1", idx).Scan(&hh)
	if err == nil { // a registered family: the case goes to its own village
		nc.HouseholdID, nc.Region = hh, ""
	}
	return nc
}

// caseDeadlines adapts the calendar for casework (nil when none is set).
func (s *Service) caseDeadlines() casework.Deadlines {
	if s.deadlines == nil {
		return nil
	}
	return s.deadlines
}

// Limits per address and per family.
const (
	ipLimit = 300 // reports per address and hour: mobile carriers put many phones behind one address
	idLimit = 5   // reports per ID number and day
)

func validate(sub *Submission, now time.Time) (string, error) {
	f := map[string]fault.Text{}
	sub.HeadName = strings.TrimSpace(sub.HeadName)
	if n := utf8.RuneCountInString(sub.HeadName); n < 2 || n > 30 || !nameRunes(sub.HeadName) {
		f["head_name"] = fault.T("请填写户主姓名（2到30个字）", "Write the name of the head of the family (2 to 30 characters)")
	}
	info, err := idcard.Parse(sub.IDNumber, now)
	if err != nil {
		f["id_number"] = fault.T("身份证号码不正确：%s，请核对后重填", "The ID number is not right: %s. Please check it and write it again", err)
	}
	sub.Phone = strings.TrimSpace(sub.Phone)
	if len(sub.Phone) != 11 || sub.Phone[0] != '1' || strings.Trim(sub.Phone, "0123456789") != "" {
		f["phone"] = fault.T("请填写11位手机号码，方便干部联系您", "Write an 11-digit mobile number, so that the cadres can call you")
	}
	sub.RiskTypes = cleanRisks(sub.RiskTypes)
	if len(sub.RiskTypes) == 0 {
		f["risk_types"] = fault.T("请至少选择一项困难类型", "Tick at least one kind of hardship")
	}
	sub.Description = strings.TrimSpace(sub.Description)
	if n := utf8.RuneCountInString(sub.Description); n < 2 || n > 1000 {
		f["description"] = fault.T("请简单说说遇到了什么困难（最多1000字）", "Say in a few words what happened (at most 1000 characters)")
	}
	if !sub.Consent {
		f["consent"] = fault.T("需要您同意授权核查家庭收入和财产，才能为您办理", "We need your consent to check the family's income and property before we can help")
	}
	if len(f) > 0 {
		return "", fieldError(f)
	}
	return info.Number, nil
}

func nameRunes(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r) && r != '·' && r != '•' && r != ' ' {
			return false
		}
	}
	return true
}

func cleanRisks(in []string) []string {
	var out []string
	for _, r := range in {
		r = strings.TrimSpace(r)
		if slices.Contains(RiskTypes, r) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// merge adds the submission to the family's open report made with the same
// phone number, if any. Without the matching phone nothing is revealed or
// added: the submission is a report of its own, with its own receipt (it
// joins an open case as toCase says), so knowing an ID number gives no
// receipt code, no hint of an open case and no way into the family's text.
func (s *Service) merge(ctx context.Context, tx *store.Tx, idx string, sub Submission) (string, bool, error) {
	var id int64
	var receipt, risks, desc string
	var caseID sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT r.id, r.receipt, r.risk_types, r.description, r.case_id FROM self_reports r
		LEFT JOIN cases c ON c.id = r.case_id WHERE r.id_idx = ? AND r.phone_idx = ? AND (c.id IS NULL OR c.outcome = '')
		ORDER BY r.id LIMIT 1`, idx, s.keys.Index(sub.Phone)).Scan(&id, &receipt, &risks, &desc, &caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("selfreport: find open report: %w", err)
	}
	all := cleanRisks(append(strings.Split(risks, ","), sub.RiskTypes...))
	desc += "\n【" + s.now().In(civil.Zone).Format("2006-01-02 15:04") + " 再次反映】" + sub.Description
	_, err = tx.ExecContext(ctx, "UPDATE self_reports SET risk_types = ?, description = ?, updated_at = ? WHERE id = ?",
		strings.Join(all, ","), desc, s.stamp(), id)
	if err == nil && caseID.Valid {
		_, err = casework.AddNote(ctx, tx, store.ScopeAll(), caseID.Int64, casework.System, "再次反映："+sub.Description, s.now())
	}
	return receipt, true, err
}

func (s *Service) insert(ctx context.Context, tx *store.Tx, v Village, id, idx string, sub Submission) (string, string, error) {
	due := ""
	if s.deadlines != nil {
		d, err := s.deadlines.Due(s.now(), "accept")
		if err == nil {
			due = d
		}
	}
	for attempt := 0; attempt < 5; attempt++ {
		code := "FP" + strings.ToUpper(randomCode(8))
		now := s.stamp()
		_, err := tx.ExecContext(ctx, `INSERT INTO self_reports (receipt, region_code, head_name, id_enc, id_idx, id_masked,
			phone_enc, phone_idx, phone_masked, risk_types, description, consent, consent_text, due_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`, code, v.Code, sub.HeadName, s.keys.Seal(id), idx,
			idcard.Mask(id), s.keys.Seal(sub.Phone), s.keys.Index(sub.Phone), idcard.MaskPhone(sub.Phone),
			strings.Join(sub.RiskTypes, ","), sub.Description, ConsentText, due, now, now)
		if store.IsUniqueViolation(err) {
			continue // a receipt code collision: draw again
		}
		if err != nil {
			return "", "", fmt.Errorf("selfreport: store report: %w", err)
		}
		return code, due, nil
	}
	return "", "", errors.New("selfreport: could not draw a free receipt code")
}
