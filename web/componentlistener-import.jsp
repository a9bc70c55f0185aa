<%@ page contentType="text/html; charset=UTF-8" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/core" prefix="c" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/fmt" prefix="fmt" %>
<%@ taglib tagdir="/WEB-INF/tags" prefix="cl" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/functions" prefix="fn" %>
<%@ page import="org.jivesoftware.openfire.plugin.componentlistener.admin.ImportPage" %>
<c:set var="page" value="<%= ImportPage.handle(request, response) %>"/>
<c:if test="${not empty page.redirect}"><c:redirect url="${page.redirect}"/></c:if>
<html>
<head>
    <title><fmt:message key="import.title"/></title>
    <meta name="pageID" content="componentlistener-import"/>
</head>
<body>
<%@ include file="notice.jspf" %>
<p><fmt:message key="import.intro"/></p>
<c:if test="${page.previewed}">
    <p id="import-format"><fmt:message key="import.recognised"/> <cl:message value="${page.format}"/></p>
</c:if>
<c:if test="${not empty page.error}">
    <p class="jive-error-text" id="import-error"><cl:message value="${page.error}"/></p>
</c:if>
<form method="post" action="componentlistener-import.jsp" id="import-form">
    <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
<c:if test="${page.previewed and empty page.error}">
    <c:forEach var="note" items="${page.notes}"><p class="import-note"><cl:message value="${note}"/></p></c:forEach>
    <div class="jive-table">
    <table id="drafts" cellpadding="0" cellspacing="0" border="0" width="100%">
        <thead>
        <tr>
            <th><fmt:message key="import.take"/></th>
            <th><fmt:message key="import.fix"/></th>
            <th><fmt:message key="import.options"/></th>
            <th><fmt:message key="import.notes"/></th>
        </tr>
        </thead>
        <tbody>
        <c:forEach var="row" items="${page.rows}">
            <tr id="row-${row.index}">
                <td><input type="checkbox" name="take.${row.index}" id="take-${row.index}" value="on" ${row.ticked ? 'checked' : ''}>
                    <label for="take-${row.index}"><c:out value="${row.sectionId}"/></label></td>
                <td><input type="text" name="id.${row.index}" size="16" value="${fn:escapeXml(row.id)}">
                    <input type="text" name="port.${row.index}" size="6" value="${fn:escapeXml(row.port)}">
                    <c:if test="${not empty row.replaceLabel}"><br><label><input type="checkbox" name="replace.${row.index}" value="on" ${row.replace ? 'checked' : ''}>
                        <cl:message value="${row.replaceLabel}"/></label></c:if></td>
                <td><cl:message value="${row.options}"/>
                    <c:forEach var="problem" items="${row.problems}"><br><span class="jive-error-text"><cl:message value="${problem}"/></span></c:forEach></td>
                <td><c:forEach var="note" items="${row.notes}"><cl:message value="${note}"/><br></c:forEach></td>
            </tr>
        </c:forEach>
        </tbody>
    </table>
    </div>
    <c:if test="${not empty page.shapers}">
        <p><fmt:message key="import.shapers"/> <c:out value="${fn:join(page.shapers.toArray(), ', ')}"/></p>
    </c:if>
    <c:if test="${not empty page.secretDomains}">
        <p><label><input type="checkbox" name="secrets" id="secrets" value="on"> <fmt:message key="import.secrets"/>
            <c:out value="${fn:join(page.secretDomains.toArray(), ', ')}"/></label></p>
    </c:if>
</c:if>
    <textarea id="toml" name="toml" rows="20" cols="100"><c:out value="${page.text}"/></textarea>
    <br>
    <button type="submit" id="preview" name="action" value="preview"><fmt:message key="import.preview"/></button>
    <c:if test="${page.previewed and empty page.error}">
        <button type="submit" id="create" name="action" value="create"><fmt:message key="import.create"/></button>
    </c:if>
</form>
</body>
</html>
