// Lists come a page at a time; a cursor is the id of the previous page's last item. A cursor
// that names no item of the list the caller may see gives an empty page, as a page past the end
// does: a schema can say only that a cursor is a uuid, so every uuid must get an answer.
import { z } from 'zod';

export const cursorParam = z.uuid().optional().meta({
  description: 'nextCursor of the previous page; one that is not on this list gives an empty page',
});

export const emptyPage = { status: 200, body: { items: [], nextCursor: null } } as const;
