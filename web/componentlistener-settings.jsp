<%@ page contentType="text/html; charset=UTF-8" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/core" prefix="c" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/fmt" prefix="fmt" %>
<%@ taglib tagdir="/WEB-INF/tags" prefix="cl" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/functions" prefix="fn" %>
<%@ page import="org.jivesoftware.openfire.plugin.componentlistener.admin.SettingsPage" %>
<c:set var="page" value="<%= SettingsPage.handle(request, response) %>"/>
<c:if test="${not empty page.redirect}"><c:redirect url="${page.redirect}"/></c:if>
<html>
<head>
    <title><fmt:message key="settings.title"/></title>
    <meta name="pageID" content="componentlistener-settings"/>
</head>
<body>
<%@ include file="notice.jspf" %>
<div class="jive-contentBoxHeader"><fmt:message key="settings.shapers"/></div>
<div class="jive-contentBox">
<p><fmt:message key="settings.shapers.intro"/></p>
<div class="jive-table">
<table id="shapers" cellpadding="0" cellspacing="0" border="0">
    <thead>
    <tr>
        <th><fmt:message key="settings.shaper.name"/></th>
        <th><fmt:message key="settings.shaper.rate"/></th>
        <th><fmt:message key="settings.shaper.usedBy"/></th>
        <th><fmt:message key="settings.shaper.actions"/></th>
    </tr>
    </thead>
    <tbody>
    <c:forEach var="shaper" items="${page.shapers}">
        <tr id="shaper-${fn:escapeXml(shaper.name)}">
            <td><c:out value="${shaper.name}"/></td>
            <td><c:choose><c:when test="${shaper.rate == 0}"><fmt:message key="settings.shaper.unlimited"/></c:when>
                <c:otherwise><fmt:formatNumber value="${shaper.rate}"/></c:otherwise></c:choose></td>
            <td><c:out value="${fn:join(shaper.usedBy.toArray(), ', ')}"/></td>
            <td>
                <c:choose>
                    <c:when test="${shaper.builtIn}"><fmt:message key="settings.shaper.builtIn"/></c:when>
                    <c:otherwise>
                        <a href="componentlistener-settings.jsp?name=${fn:escapeXml(shaper.name)}"><fmt:message key="settings.shaper.edit"/></a>
                        <form method="post" action="componentlistener-settings.jsp" style="display:inline">
                            <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
                            <input type="hidden" name="action" value="removeShaper">
                            <input type="hidden" name="name" value="${fn:escapeXml(shaper.name)}">
                            <input type="submit" name="remove" value="<fmt:message key="settings.shaper.remove"/>">
                        </form>
                    </c:otherwise>
                </c:choose>
            </td>
        </tr>
    </c:forEach>
    </tbody>
</table>
</div>
<br>
<form method="post" action="componentlistener-settings.jsp" id="shaper-form">
    <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
    <input type="hidden" name="action" value="saveShaper">
    <label for="name"><fmt:message key="settings.shaper.name"/></label>
    <input type="text" id="name" name="name" size="20" maxlength="32" value="${fn:escapeXml(page.name)}">
    <c:if test="${not empty page.errors.name}"><span class="jive-error-text" id="error-name"><cl:message value="${page.errors.name}"/></span></c:if>
    <label for="rate"><fmt:message key="settings.shaper.rate"/></label>
    <input type="number" id="rate" name="rate" min="100" value="${fn:escapeXml(page.rate)}">
    <c:if test="${not empty page.errors.rate}"><span class="jive-error-text" id="error-rate"><cl:message value="${page.errors.rate}"/></span></c:if>
    <input type="submit" id="save-shaper" value="<fmt:message key="settings.shaper.save"/>">
</form>
</div>

<div class="jive-contentBoxHeader"><fmt:message key="settings.hidden"/></div>
<div class="jive-contentBox">
<form method="post" action="componentlistener-settings.jsp" id="hidden-form">
    <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
    <input type="hidden" name="action" value="saveHidden">
    <label><input type="checkbox" id="users_can_see_hidden_services" name="users_can_see_hidden_services" value="true"
                  ${page.usersCanSeeHidden ? 'checked' : ''}> users_can_see_hidden_services</label>
    <p><fmt:message key="settings.hidden.help"/></p>
    <input type="submit" id="save-hidden" value="<fmt:message key="settings.hidden.save"/>">
</form>
</div>
</body>
</html>
