package org.jivesoftware.openfire.plugin.componentlistener.admin;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The model behind one admin page. A GET only shows; a POST must carry the page's CSRF token, makes its change,
 * writes the audit log and redirects (the redirect's page shows the notice), or shows the page again with its
 * errors. Getters are for the JSP.
 */
abstract class AdminPage<P extends AdminPage<P>> {
    static final String LISTENERS_PAGE = "componentlistener-listeners.jsp";

    protected final AdminConsole console;
    private Notice notice;
    private String csrf;
    private String redirect;

    AdminPage(AdminConsole console) {
        this.console = console;
    }

    /** Handles the request: the POST's change if any, then what the page shows. */
    @SuppressWarnings("unchecked")
    final P serve(HttpServletRequest servletRequest, HttpServletResponse response) {
        AdminRequest request = new AdminRequest(servletRequest, response);
        if (request.isPost()) {
            if (request.csrfValid()) {
                post(request);
            } else {
                notice = Notice.error("notice.csrf");
            }
        }
        if (redirect == null) {
            if (notice == null) {
                notice = request.takeNotice();
            }
            csrf = request.issueCsrf();
            show(request);
        }
        return (P) this;
    }

    /** Makes the change a POST asks for: calls {@link #done} or {@link #refuse}. */
    abstract void post(AdminRequest request);

    /** Fills what the page shows. */
    abstract void show(AdminRequest request);

    /** The change was made: audited, and the notice shown on the page redirected to. */
    final void done(AdminRequest request, Notice result, String auditSummary, String nextPage) {
        request.audit(console, auditSummary, result.toString());
        request.carry(result);
        redirect = nextPage;
    }

    /** Nothing was changed: the page is shown again, with the notice. */
    final void refuse(Notice why) {
        notice = why;
    }

    public Notice getNotice() {
        return notice;
    }

    public String getCsrf() {
        return csrf;
    }

    /** Where the browser goes after a change; null when the page is shown. */
    public String getRedirect() {
        return redirect;
    }
}
