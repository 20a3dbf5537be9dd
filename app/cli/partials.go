package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/models"
)

// listPartials adds the store's partial downloads to the models table, so
// the disk they take is never hidden, with what to do about them; a
// catalog model partly downloaded is marked as had, not as available.
func listPartials(tw *table, s *models.Store, have map[string]bool, lang string) {
	parts, err := s.Partials()
	if err != nil {
		return // the index error was reported by List already
	}
	for _, p := range parts {
		if have[p.Name] {
			continue
		}
		have[p.Name] = true
		size := modelSize(p.Size, false)
		if p.Total > 0 {
			size += " / " + modelSize(p.Total, false)
		}
		tw.add(p.Name, size, say(lang, "받다 멈춤", "partial"), say(lang,
			fmt.Sprintf("이어 받기: yoyak models pull %s  지우기: yoyak models rm %s", p.Name, p.Name),
			fmt.Sprintf("resume: yoyak models pull %s  remove: yoyak models rm %s", p.Name, p.Name)))
	}
}

// removePartial removes the partial download of a model that is not
// stored; a name with neither is unknown.
func removePartial(ctx context.Context, e env, s *models.Store, name string) int {
	lang := usererr.LangFromEnv(nil)
	err := s.RemovePartial(ctx, name)
	switch {
	case errors.Is(err, models.ErrUnknownModel):
		modelsError(e.stderr, errNoSuchModel(name))
		return exitFailure
	case errors.Is(err, models.ErrDownloading):
		modelsError(e.stderr, usererr.New("지금 내려받는 중입니다. 내려받기를 멈춘 뒤 다시 지우세요.",
			"It is being downloaded right now; stop the download, then remove it.", err))
		return exitFailure
	case err != nil:
		modelsError(e.stderr, err)
		return failExit(ctx, err)
	}
	fmt.Fprintln(e.stdout, say(lang, fmt.Sprintf("받다 만 %s을(를) 지웠습니다.", name),
		fmt.Sprintf("removed the partial download of %s", name)))
	return exitOK
}
