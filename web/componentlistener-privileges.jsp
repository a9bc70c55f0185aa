<%@ page contentType="text/html; charset=UTF-8" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/core" prefix="c" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/fmt" prefix="fmt" %>
<%@ taglib tagdir="/WEB-INF/tags" prefix="cl" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/functions" prefix="fn" %>
<%@ page import="org.jivesoftware.openfire.plugin.componentlistener.admin.PrivilegesPage" %>
<c:set var="page" value="<%= PrivilegesPage.handle(request, response) %>"/>
<c:if test="${not empty page.redirect}"><c:redirect url="${page.redirect}"/></c:if>
<html>
<head>
    <title><fmt:message key="privileges.title"/></title>
    <meta name="pageID" content="componentlistener-privileges"/>
</head>
<body>
<%@ include file="notice.jspf" %>
<p><fmt:message key="privileges.intro"/></p>
<div class="jive-table">
<table id="privileges" cellpadding="0" cellspacing="0" border="0">
    <thead>
    <tr>
        <th><fmt:message key="privileges.domain"/></th>
        <th>roster</th>
        <th>roster_push</th>
        <th>message</th>
        <th>presence</th>
        <th>iq</th>
        <th><fmt:message key="privileges.actions"/></th>
    </tr>
    </thead>
    <tbody>
    <c:if test="${empty page.rows}"><tr><td colspan="7"><fmt:message key="privileges.none"/></td></tr></c:if>
    <c:forEach var="row" items="${page.rows}">
        <tr id="privileges-${fn:escapeXml(row.domain)}">
            <td><c:out value="${row.domain}"/>
                <c:forEach var="problem" items="${row.problems}"><br><span class="jive-error-text"><cl:message value="${problem}"/></span></c:forEach></td>
            <td><c:out value="${row.values.roster}"/></td>
            <td><c:out value="${row.rosterPush}"/></td>
            <td><c:out value="${row.values.message}"/></td>
            <td><c:out value="${row.values.presence}"/></td>
            <td><c:out value="${row.values.iq}"/></td>
            <td>
                <a href="componentlistener-privileges.jsp?domain=${fn:escapeXml(row.domain)}"><fmt:message key="privileges.edit"/></a>
                <form method="post" action="componentlistener-privileges.jsp" style="display:inline">
                    <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
                    <input type="hidden" name="action" value="remove">
                    <input type="hidden" name="domain" value="${fn:escapeXml(row.domain)}">
                    <input type="submit" name="remove" value="<fmt:message key="privileges.remove"/>">
                </form>
            </td>
        </tr>
    </c:forEach>
    </tbody>
</table>
</div>
<br>
<div class="jive-contentBoxHeader"><fmt:message key="privileges.form"/></div>
<div class="jive-contentBox">
<c:forEach var="problem" items="${page.problems}"><p class="jive-error-text"><cl:message value="${problem}"/></p></c:forEach>
<form method="post" action="componentlistener-privileges.jsp" id="privileges-form">
    <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
    <input type="hidden" name="action" value="save">
    <table>
        <tr><td><label for="domain"><fmt:message key="privileges.domain"/></label></td>
            <td><input type="text" id="domain" name="domain" size="40" value="${fn:escapeXml(page.domain)}"></td></tr>
        <tr><td><label for="roster">roster</label></td>
            <td><select id="roster" name="roster"><c:forEach var="v" items="none,get,set,both"><option ${page.values.roster == v ? 'selected' : ''}>${v}</option></c:forEach></select></td></tr>
        <tr><td><label for="roster_push">roster_push</label></td>
            <td><select id="roster_push" name="roster_push"><option value=""><fmt:message key="privileges.push.default"/></option><c:forEach var="v" items="true,false"><option ${page.values.roster_push == v ? 'selected' : ''}>${v}</option></c:forEach></select></td></tr>
        <tr><td><label for="message">message</label></td>
            <td><select id="message" name="message"><c:forEach var="v" items="none,outgoing"><option ${page.values.message == v ? 'selected' : ''}>${v}</option></c:forEach></select></td></tr>
        <tr><td><label for="presence">presence</label></td>
            <td><select id="presence" name="presence"><c:forEach var="v" items="none,managed_entity,roster"><option ${page.values.presence == v ? 'selected' : ''}>${v}</option></c:forEach></select></td></tr>
        <tr><td><label for="iq">iq</label></td>
            <td><input type="text" id="iq" name="iq" size="80" value="${fn:escapeXml(page.values.iq)}">
                <br><fmt:message key="privileges.iq.help"/></td></tr>
    </table>
    <input type="submit" id="save-privileges" value="<fmt:message key="privileges.save"/>">
</form>
</div>
</body>
</html>
