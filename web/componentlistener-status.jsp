<%@ page contentType="text/html; charset=UTF-8" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/core" prefix="c" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/fmt" prefix="fmt" %>
<%@ page import="org.jivesoftware.openfire.plugin.componentlistener.admin.StatusPage" %>
<jsp:useBean id="webManager" class="org.jivesoftware.util.WebManager"/>
<% webManager.init(request, response, session, application, out); %>
<c:set var="status" value="<%= StatusPage.current() %>"/>
<html>
<head>
    <title><fmt:message key="status.title"/></title>
    <meta name="pageID" content="componentlistener-status"/>
</head>
<body>
<p><fmt:message key="status.intro"/></p>

<h3><fmt:message key="status.listeners"/></h3>
<div class="jive-table">
<table>
    <thead>
    <tr>
        <th><fmt:message key="status.listener.id"/></th>
        <th><fmt:message key="status.listener.address"/></th>
        <th><fmt:message key="status.listener.port"/></th>
        <th><fmt:message key="status.listener.state"/></th>
    </tr>
    </thead>
    <tbody>
    <c:forEach var="listener" items="${status.listeners}">
        <tr>
            <td><c:out value="${listener.id}"/></td>
            <td><c:out value="${listener.ipAddress}"/></td>
            <td><c:if test="${listener.running}"><c:out value="${listener.port}"/></c:if></td>
            <td>
                <c:choose>
                    <c:when test="${listener.running}"><fmt:message key="status.listener.running"/></c:when>
                    <c:otherwise>
                        <fmt:message key="status.listener.stopped"/>:
                        <c:forEach var="problem" items="${listener.problems}"><c:out value="${problem}"/>. </c:forEach>
                    </c:otherwise>
                </c:choose>
            </td>
        </tr>
    </c:forEach>
    <c:if test="${empty status.listeners}">
        <tr><td colspan="4"><fmt:message key="status.listeners.none"/></td></tr>
    </c:if>
    </tbody>
</table>
</div>
<br/>
<h3><fmt:message key="status.components"/></h3>
<div class="jive-table">
<table>
    <thead>
    <tr>
        <th><fmt:message key="status.component.domain"/></th>
        <th><fmt:message key="status.component.listener"/></th>
        <th><fmt:message key="status.component.remote"/></th>
        <th><fmt:message key="status.component.since"/></th>
        <th><fmt:message key="status.component.stanzas"/></th>
        <th><fmt:message key="status.component.bytes"/></th>
        <th><fmt:message key="status.component.queue"/></th>
        <th><fmt:message key="status.component.hidden"/></th>
    </tr>
    </thead>
    <tbody>
    <c:forEach var="component" items="${status.sessions}">
        <tr>
            <td>
                <c:out value="${component.domain}"/>
                <c:if test="${not component.authenticated}"><fmt:message key="status.component.unauthenticated"/></c:if>
            </td>
            <td><c:out value="${component.listenerId}"/></td>
            <td><c:out value="${component.remoteAddress}"/></td>
            <td><c:out value="${component.since}"/></td>
            <td><c:out value="${component.stanzasIn}"/> / <c:out value="${component.stanzasOut}"/></td>
            <td><c:out value="${component.bytesIn}"/> / <c:out value="${component.bytesOut}"/></td>
            <td><c:out value="${component.queueDepth}"/></td>
            <td><c:if test="${component.hidden}"><fmt:message key="status.component.hidden.yes"/></c:if></td>
        </tr>
    </c:forEach>
    <c:if test="${empty status.sessions}">
        <tr><td colspan="8"><fmt:message key="status.components.none"/></td></tr>
    </c:if>
    </tbody>
</table>
</div>
</body>
</html>
