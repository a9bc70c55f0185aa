<%@ page contentType="text/html; charset=UTF-8" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/core" prefix="c" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/fmt" prefix="fmt" %>
<%@ taglib tagdir="/WEB-INF/tags" prefix="cl" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/functions" prefix="fn" %>
<%@ page import="org.jivesoftware.openfire.plugin.componentlistener.admin.ComponentsPage" %>
<c:set var="page" value="<%= ComponentsPage.handle(request, response) %>"/>
<c:if test="${not empty page.redirect}"><c:redirect url="${page.redirect}"/></c:if>
<html>
<head>
    <title><fmt:message key="components.title"/></title>
    <meta name="pageID" content="componentlistener-components"/>
</head>
<body>
<%@ include file="notice.jspf" %>
<p><fmt:message key="components.intro"/></p>
<c:forEach var="silent" items="${page.silentNodes}">
    <p class="silent-node"><fmt:message key="components.silent"><fmt:param value="${silent}"/></fmt:message></p>
</c:forEach>
<form method="get" action="componentlistener-components.jsp" id="filter">
    <label for="listener"><fmt:message key="components.listener"/></label>
    <select id="listener" name="listener">
        <option value=""><fmt:message key="components.listener.all"/></option>
        <c:forEach var="id" items="${page.listenerIds}">
            <option value="${fn:escapeXml(id)}" ${id == page.listener ? 'selected' : ''}><c:out value="${id}"/></option>
        </c:forEach>
    </select>
    <label for="q"><fmt:message key="components.search"/></label>
    <input type="text" id="q" name="q" value="${fn:escapeXml(page.search)}">
    <input type="hidden" name="sort" value="${fn:escapeXml(page.sort)}">
    <input type="submit" id="apply-filter" value="<fmt:message key="components.filter"/>">
</form>
<br>
<div class="jive-table">
<table id="components" cellpadding="0" cellspacing="0" border="0" width="100%">
    <thead>
    <tr>
        <c:forEach var="column" items="${page.columns}">
            <c:url var="sortUrl" value="componentlistener-components.jsp">
                <c:param name="listener" value="${page.listener}"/>
                <c:param name="q" value="${page.search}"/>
                <c:param name="sort" value="${column}"/>
                <c:param name="order" value="${column == page.sort and not page.descending ? 'desc' : 'asc'}"/>
            </c:url>
            <th><a href="${fn:escapeXml(sortUrl)}" id="sort-${column}"><fmt:message key="components.column.${column}"/></a>
                <c:if test="${column == page.sort}">${page.descending ? '&#9660;' : '&#9650;'}</c:if></th>
        </c:forEach>
        <th><fmt:message key="components.actions"/></th>
    </tr>
    </thead>
    <tbody>
    <c:forEach var="row" items="${page.rows}">
        <c:set var="s" value="${row.session}"/>
        <tr class="component">
            <td class="domain"><c:out value="${s.domain}"/></td>
            <td class="fleet"><c:if test="${s.fleetSize > 1}"><fmt:message key="components.fleet"><fmt:param value="${s.fleetSize}"/><fmt:param value="${s.balancing}"/></fmt:message></c:if></td>
            <td><c:out value="${s.listenerId}"/></td>
            <td><c:out value="${s.remoteAddress}"/></td>
            <td><c:out value="${row.since}"/> (<fmt:message key="components.ago"><fmt:param value="${row.ago}"/></fmt:message>)</td>
            <td><fmt:formatNumber value="${s.stanzasIn}"/></td>
            <td><fmt:formatNumber value="${s.stanzasOut}"/></td>
            <td><fmt:formatNumber value="${s.bytesIn}"/></td>
            <td><fmt:formatNumber value="${s.bytesOut}"/></td>
            <td><fmt:formatNumber value="${s.queueDepth}"/></td>
            <td><c:if test="${s.hidden}"><fmt:message key="components.hidden.yes"/></c:if></td>
            <c:if test="${page.clustered}"><td><c:out value="${row.nodeName}"/></td></c:if>
            <td>
                <fmt:message var="confirmKick" key="components.kick.confirm"><fmt:param value="${s.domain}"/></fmt:message>
                <form method="post" action="componentlistener-components.jsp" style="display:inline"
                      data-confirm="${fn:escapeXml(confirmKick)}" onsubmit="return confirm(this.getAttribute('data-confirm'))">
                    <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
                    <input type="hidden" name="domain" value="${fn:escapeXml(s.domain)}">
                    <input type="hidden" name="action" value="kick">
                    <input type="hidden" name="remote" value="${fn:escapeXml(s.remoteAddress)}">
                    <input type="submit" name="kick" value="<fmt:message key="components.kick"/>">
                </form>
                <fmt:message var="confirmBlock" key="components.kickblock.confirm"><fmt:param value="${s.domain}"/></fmt:message>
                <form method="post" action="componentlistener-components.jsp" style="display:inline"
                      data-confirm="${fn:escapeXml(confirmBlock)}" onsubmit="return confirm(this.getAttribute('data-confirm'))">
                    <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
                    <input type="hidden" name="domain" value="${fn:escapeXml(s.domain)}">
                    <input type="hidden" name="action" value="kickblock">
                    <input type="submit" name="kickblock" value="<fmt:message key="components.kickblock"/>">
                </form>
            </td>
        </tr>
    </c:forEach>
    <c:if test="${empty page.rows}">
        <tr><td colspan="${fn:length(page.columns) + 1}"><fmt:message key="components.none"/></td></tr>
    </c:if>
    </tbody>
</table>
</div>
</body>
</html>
